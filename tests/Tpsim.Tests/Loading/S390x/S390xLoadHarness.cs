using Tpsim.Arch.S390x;
using Tpsim.Emulator.Loading;
using Tpsim.Emulator.Memory;
using Tpsim.Emulator.Toolchain;
using Tpsim.Emulator.Unicorn;
using Xunit;

namespace Tpsim.Tests.Loading.S390x;

/// <summary>
/// <see cref="LoadHarness"/> for s390x: the engine comes from <see cref="S390xBackend.CreateEngine"/>
/// (64-bit addressing, AFP on), the halt page is mapped with the protection s390x code needs, an
/// interrupt hook ends a run that reaches the halt address (Unicorn 2.0.1 often raises a program
/// interrupt there instead of stopping quietly), and memory is read back big-endian.
/// </summary>
public sealed class S390xLoadHarness : IDisposable
{
    public const ulong HostLow = LoadHarness.HostLow;
    public const ulong HostSmall = LoadHarness.HostSmall;
    public const ulong HostTiny = LoadHarness.HostTiny;
    public const ulong HostFar = LoadHarness.HostFar;

    private const ulong StackBase = 0x7000_0000;
    private const ulong StackSize = 0x10000;
    public const ulong HaltAddress = 0x7100_0000;

    public S390xLoadHarness(Compiler compiler)
    {
        Compiler = compiler;
        Engine = Backend.CreateEngine();
        Engine.Map(StackBase, StackSize, UcProt.Read | UcProt.Write);
        Engine.Map(HaltAddress, 0x1000, ExecutableMappings.Protection(Engine, UcProt.Read | UcProt.Exec));
        Engine.Write(HaltAddress, Isa.Halt);
        Engine.AddInterruptHook((e, number) =>
        {
            Interrupts.Add((number, e.ReadRegister(Isa.ProgramCounter)));
            e.Stop();
        });
        Symbols.Define("host_low", HostLow, "host");
        Symbols.Define("host_small", HostSmall, "host");
        Symbols.Define("host_tiny", HostTiny, "host");
        Symbols.Define("host_far", HostFar, "host");
        Loader = new ObjectLoader(Engine, Symbols);
    }

    public S390xBackend Backend { get; } = new();

    public IsaUnderTest Isa => IsaUnderTest.S390x;

    public Compiler Compiler { get; }

    public Engine Engine { get; }

    public SymbolTable Symbols { get; } = new();

    public ObjectLoader Loader { get; }

    /// <summary>Interrupt number and pc of every interrupt the last run raised.</summary>
    public List<(uint Number, ulong Pc)> Interrupts { get; } = [];

    public byte[] Compile(string file, params string[] extraFlags)
    {
        var path = LoadHarness.FixturePath(Isa.Name, file);
        var language = file.EndsWith(".c", StringComparison.Ordinal) ? SourceLanguage.C : SourceLanguage.Asm;
        return Compiler.Compile(Isa.Toolchain, language, File.ReadAllText(path), path, extraFlags);
    }

    public LoadedObject LoadHelper() => Loader.Load(Compile("helper.S"), "helper.o", Isa.HelperBase, Isa.Relocator);

    /// <summary>Calls a loaded function with r2, r3 set and returns r2; it must come back to the halt address by <c>br %r14</c>.</summary>
    public ulong Call(ulong entry, params ulong[] arguments)
    {
        var status = Run(entry, arguments);
        Assert.True(status == UcError.Ok, $"s390x: call of 0x{entry:x} stopped with {status}");
        Assert.Equal(HaltAddress, Engine.ReadRegister(Isa.ProgramCounter));
        // The only interrupt allowed is the one Unicorn may raise at the until address.
        Assert.All(Interrupts, i => Assert.Equal(HaltAddress, i.Pc));
        return Engine.ReadRegister(Isa.ResultRegister);
    }

    public UcError Run(ulong entry, params ulong[] arguments)
    {
        Interrupts.Clear();
        for (var i = 0; i < arguments.Length; i++)
        {
            Engine.WriteRegister(Isa.ArgumentRegisters[i], arguments[i]);
        }
        // The callee may store into the 160-byte register save area above its entry sp.
        Engine.WriteRegister(Isa.StackPointer, StackBase + StackSize - 0x400);
        Engine.WriteRegister(Isa.LinkRegister!.Value, HaltAddress);
        return Engine.Run(entry, HaltAddress, instructionBudget: 100_000, timeout: TimeSpan.FromSeconds(10));
    }

    /// <summary>An unsigned big-endian field of <paramref name="width"/> bytes.</summary>
    public ulong ReadUnsigned(ulong address, int width) => Engine.ReadWord(address, width, ByteOrder.BigEndian);

    public void Dispose() => Engine.Dispose();
}
