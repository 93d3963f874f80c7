using Tpsim.Emulator.Isa;
using Tpsim.Emulator.Loading;
using Tpsim.Emulator.Memory;
using Tpsim.Emulator.Toolchain;
using Tpsim.Emulator.Unicorn;
using Xunit;

namespace Tpsim.Tests.Emulator.Loading;

/// <summary>
/// A loader harness for the ISAs whose engine only runs as its backend sets it up (s390x, mips64, ppc64): the
/// engine comes from <see cref="IsaBackend.CreateEngine()"/>, the halt page gets the protection that ISA's code
/// needs, functions are called through <see cref="CallPlacement"/> and the backend's indirect-call setup (ppc64
/// descriptors included), and memory reads back in the ISA's byte order. Each ISA's harness adds its host
/// symbols and bases; <see cref="LoadHarness"/> serves the ISAs a bare engine can run.
/// </summary>
public abstract class BackendLoadHarness<TBackend> : IDisposable where TBackend : IsaBackend, new()
{
    private const ulong StackBase = 0x7000_0000;
    private const ulong StackSize = 0x10000;
    public const ulong HaltAddress = 0x7100_0000;

    /// <param name="haltMayInterrupt">
    /// Unicorn 2.0.1's s390x often raises a program interrupt at the until address instead of stopping quietly;
    /// where that is so, an interrupt there is the halt, and any other interrupt still fails the call.
    /// </param>
    protected BackendLoadHarness(Compiler compiler, ulong helperBase, IReadOnlyDictionary<string, ulong> hostSymbols, bool haltMayInterrupt = false)
    {
        Compiler = compiler;
        HelperBase = helperBase;
        _haltMayInterrupt = haltMayInterrupt;
        Engine = Backend.CreateEngine();
        Engine.Map(StackBase, StackSize, UcProt.Read | UcProt.Write);
        Engine.Map(HaltAddress, 0x1000, ExecutableMappings.Protection(Engine, UcProt.Read | UcProt.Exec));
        Engine.Write(HaltAddress, Backend.HaltInstruction);
        Engine.AddInterruptHook((e, number) =>
        {
            Interrupts.Add((number, e.ReadRegister(Backend.Registers[Backend.Abi.ProgramCounter])));
            e.Stop();
        });
        foreach (var (name, value) in hostSymbols)
        {
            Symbols.Define(name, value, "host");
        }
        Loader = new ObjectLoader(Engine, Symbols);
    }

    private readonly bool _haltMayInterrupt;

    public TBackend Backend { get; } = new();

    public IRelocator Relocator => Backend.Relocator;

    public Compiler Compiler { get; }

    public Engine Engine { get; }

    public SymbolTable Symbols { get; } = new();

    public ObjectLoader Loader { get; }

    public ulong HelperBase { get; }

    /// <summary>Interrupt number and pc of every interrupt the last call raised.</summary>
    public List<(uint Number, ulong Pc)> Interrupts { get; } = [];

    /// <summary>Compiles Data/Loading/&lt;isa&gt;/<paramref name="file"/> with the ISA's clang flags (assembly always), or with <paramref name="build"/>.</summary>
    public byte[] Compile(string file, BuildSpec? build = null, params string[] extraFlags)
    {
        var path = LoadHarness.FixturePath(Backend.Name, file);
        var language = file.EndsWith(".c", StringComparison.Ordinal) ? SourceLanguage.C : SourceLanguage.Asm;
        return build is null
            ? Compiler.Compile(Backend.Toolchain, language, File.ReadAllText(path), path, extraFlags)
            : Compiler.Compile(build, Backend.Toolchain, language, File.ReadAllText(path), path, extraFlags);
    }

    public LoadedObject LoadHelper() => Loader.Load(Compile("helper.S"), "helper.o", HelperBase, Relocator);

    /// <summary>
    /// Calls the function <paramref name="function"/> (a function pointer: on ppc64 its descriptor) by the ABI and
    /// returns the result register; it must come back to the halt address with SP where the call left it.
    /// </summary>
    public ulong Call(ulong function, params ulong[] arguments)
    {
        Interrupts.Clear();
        // Room above the entry SP for a register save area (s390x 160 bytes, ppc64 112).
        var entrySp = CallPlacement.Place(Engine, Backend, StackBase + StackSize - 0x400, HaltAddress, arguments);
        Backend.PrepareIndirectCall(Engine, function);
        var status = Engine.Run(Backend.EntryPoint(Engine, function), HaltAddress, instructionBudget: 100_000, timeout: TimeSpan.FromSeconds(10));
        var pc = Engine.ReadRegister(Backend.Registers[Backend.Abi.ProgramCounter]);
        Assert.True(status == UcError.Ok, $"{Backend.Name}: call of 0x{function:x} stopped with {status} at pc 0x{pc:x}");
        Assert.Equal(HaltAddress, pc);
        Assert.All(Interrupts, i => Assert.True(_haltMayInterrupt && i.Pc == HaltAddress, $"{Backend.Name}: interrupt {i.Number} at 0x{i.Pc:x}"));
        Assert.Equal(entrySp, Engine.ReadRegister(Backend.Registers[Backend.Abi.StackPointer]));
        return Engine.ReadRegister(Backend.Registers[Backend.Abi.ReturnValue]);
    }

    /// <summary>An unsigned field of <paramref name="width"/> bytes, in the ISA's byte order.</summary>
    public ulong ReadUnsigned(ulong address, int width) => Engine.ReadWord(address, width, Backend.Abi.ByteOrder);

    public void Dispose()
    {
        Engine.Dispose();
        GC.SuppressFinalize(this);
    }
}
