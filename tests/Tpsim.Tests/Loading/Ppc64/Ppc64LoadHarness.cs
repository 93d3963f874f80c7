using Tpsim.Arch.Ppc64;
using Tpsim.Emulator.Isa;
using Tpsim.Emulator.Loading;
using Tpsim.Emulator.Memory;
using Tpsim.Emulator.Toolchain;
using Tpsim.Emulator.Unicorn;
using Xunit;

namespace Tpsim.Tests.Loading.Ppc64;

/// <summary>
/// A ppc64 engine from <see cref="Ppc64Backend.CreateEngine"/> (64-bit hypervisor real mode) with a stack, a
/// halt page and host symbols; fixtures from Data/Loading/ppc64 built with the ISA's kernel flags. Functions are
/// called the ELFv1 way: through their descriptor, r2 and r11 loaded from it, the code run from its entry.
/// </summary>
public sealed class Ppc64LoadHarness : IDisposable
{
    public const ulong HostLow = LoadHarness.HostLow;
    public const ulong HostSmall = LoadHarness.HostSmall;

    /// <summary>A low half with the sign bit set, so #ha differs from #hi.</summary>
    public const ulong HostHa = 0x1234_9abc;

    /// <summary>A 64-bit value whose every half but the top one is negative as a signed 16-bit number.</summary>
    public const ulong HostWide = 0x1234_9abc_def0_8642;

    /// <summary>A displacement for a DS-form load: a multiple of 4.</summary>
    public const ulong HostDs = 0x10;

    /// <summary>A displacement no DS-form instruction can encode.</summary>
    public const ulong HostOdd = 0x11;

    /// <summary>Above 4 GiB: out of reach of a 32-bit #hi/#lo pair.</summary>
    public const ulong HostFar = LoadHarness.HostFar;

    public const ulong FixtureBase = 0x4000_0000;
    public const ulong HelperBase = 0x4010_0000;
    private const ulong StackBase = 0x7000_0000;
    private const ulong StackSize = 0x10000;
    public const ulong HaltAddress = 0x7100_0000;

    public Ppc64LoadHarness(Compiler compiler)
    {
        Compiler = compiler;
        Engine = Backend.CreateEngine();
        Engine.Map(StackBase, StackSize, UcProt.Read | UcProt.Write);
        Engine.Map(HaltAddress, 0x1000, UcProt.Read | UcProt.Exec);
        Engine.Write(HaltAddress, Backend.HaltInstruction);
        Engine.AddInterruptHook((e, number) =>
        {
            Interrupts.Add((number, e.ReadRegister(Backend.Registers["pc"])));
            e.Stop();
        });
        Symbols.Define("host_low", HostLow, "host");
        Symbols.Define("host_small", HostSmall, "host");
        Symbols.Define("host_ha", HostHa, "host");
        Symbols.Define("host_wide", HostWide, "host");
        Symbols.Define("host_ds", HostDs, "host");
        Symbols.Define("host_odd", HostOdd, "host");
        Symbols.Define("host_far", HostFar, "host");
        Loader = new ObjectLoader(Engine, Symbols);
    }

    public Ppc64Backend Backend { get; } = new();

    public IRelocator Relocator => Backend.Relocator;

    public Compiler Compiler { get; }

    public Engine Engine { get; }

    public SymbolTable Symbols { get; } = new();

    public ObjectLoader Loader { get; }

    public List<(uint Number, ulong Pc)> Interrupts { get; } = [];

    /// <summary>Compiles Data/Loading/ppc64/<paramref name="file"/> with the ISA's clang flags, or with <paramref name="build"/>.</summary>
    public byte[] Compile(string file, BuildSpec? build = null)
    {
        var path = LoadHarness.FixturePath("ppc64", file);
        var language = file.EndsWith(".c", StringComparison.Ordinal) ? SourceLanguage.C : SourceLanguage.Asm;
        return build is null
            ? Compiler.Compile(Backend.Toolchain, language, File.ReadAllText(path), path)
            : Compiler.Compile(build, Backend.Toolchain, language, File.ReadAllText(path), path);
    }

    public LoadedObject LoadHelper() => Loader.Load(Compile("helper.S"), "helper.o", HelperBase, Relocator);

    /// <summary>Calls the function whose descriptor is at <paramref name="function"/>; it must return to the halt address.</summary>
    public ulong Call(ulong function, params ulong[] arguments)
    {
        Interrupts.Clear();
        var entrySp = CallPlacement.Place(Engine, Backend, StackBase + StackSize - 0x400, HaltAddress, arguments);
        Backend.PrepareIndirectCall(Engine, function);
        var status = Engine.Run(Backend.EntryPoint(Engine, function), HaltAddress, instructionBudget: 100_000, timeout: TimeSpan.FromSeconds(10));
        Assert.True(status == UcError.Ok, $"ppc64: call of 0x{function:x} stopped with {status}");
        Assert.Empty(Interrupts);
        Assert.Equal(HaltAddress, Engine.ReadRegister(Backend.Registers["pc"]));
        Assert.Equal(entrySp, Engine.ReadRegister(Backend.Registers["r1"]));
        return Engine.ReadRegister(Backend.Registers["r3"]);
    }

    /// <summary>An unsigned big-endian field of <paramref name="width"/> bytes.</summary>
    public ulong ReadUnsigned(ulong address, int width) => Engine.ReadWord(address, width, ByteOrder.BigEndian);

    public void Dispose() => Engine.Dispose();
}
