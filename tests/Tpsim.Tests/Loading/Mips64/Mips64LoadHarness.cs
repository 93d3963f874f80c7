using Tpsim.Arch.Mips64;
using Tpsim.Emulator.Loading;
using Tpsim.Emulator.Memory;
using Tpsim.Emulator.Toolchain;
using Tpsim.Emulator.Unicorn;
using Xunit;

namespace Tpsim.Tests.Loading.Mips64;

/// <summary>
/// A loader harness for mips64: the engine comes from <see cref="Mips64Backend.CreateEngine"/> (a CPU that
/// runs MIPS64r2, FPU on), fixtures are compiled from Data/Loading/mips64 with the backend's own flags,
/// functions are called by the n64 convention (ra = halt, sp 16-byte aligned), and memory is read back
/// big-endian.
/// </summary>
public sealed class Mips64LoadHarness : IDisposable
{
    public const ulong HostLow = LoadHarness.HostLow;
    public const ulong HostSmall = LoadHarness.HostSmall;
    public const ulong HostFar = LoadHarness.HostFar;

    /// <summary>Above 2^47, with every 16-bit part below the top one at 0x8000 or more: each %higher/%hi/%lo carry counts.</summary>
    public const ulong HostHigh = 0x7ffe_8001_8002_8003;

    public const ulong FixtureBase = 0x4000_0000;
    public const ulong HelperBase = 0x4001_0000;
    private const ulong StackBase = 0x7000_0000;
    private const ulong StackSize = 0x10000;
    public const ulong HaltAddress = 0x7100_0000;

    public Mips64LoadHarness(Compiler compiler)
    {
        Compiler = compiler;
        Engine = Backend.CreateEngine();
        Engine.Map(StackBase, StackSize, UcProt.Read | UcProt.Write);
        Engine.Map(HaltAddress, 0x1000, UcProt.Read | UcProt.Exec);
        Engine.Write(HaltAddress, Backend.HaltInstruction);
        Symbols.Define("host_low", HostLow, "host");
        Symbols.Define("host_small", HostSmall, "host");
        Symbols.Define("host_far", HostFar, "host");
        Symbols.Define("host_high", HostHigh, "host");
        Loader = new ObjectLoader(Engine, Symbols);
    }

    public Mips64Backend Backend { get; } = new();

    public Compiler Compiler { get; }

    public Engine Engine { get; }

    public SymbolTable Symbols { get; } = new();

    public ObjectLoader Loader { get; }

    /// <summary>Compiles a fixture with clang (assembly always; C by default) or with one build's compiler.</summary>
    public byte[] Compile(string file, BuildSpec? build = null, params string[] extraFlags)
    {
        var path = LoadHarness.FixturePath("mips64", file);
        var language = file.EndsWith(".c", StringComparison.Ordinal) ? SourceLanguage.C : SourceLanguage.Asm;
        return build is null
            ? Compiler.Compile(Backend.Toolchain, language, File.ReadAllText(path), path, extraFlags)
            : Compiler.Compile(build, Backend.Toolchain, language, File.ReadAllText(path), path, extraFlags);
    }

    public LoadedObject LoadHelper() => Loader.Load(Compile("helper.S"), "helper.o", HelperBase, Backend.Relocator);

    /// <summary>Calls a loaded function and returns v0; it must come back to the halt address by <c>jr $ra</c>.</summary>
    public ulong Call(ulong entry)
    {
        Engine.WriteRegister(Backend.Registers["sp"], StackBase + StackSize - 0x100);
        Engine.WriteRegister(Backend.Registers["ra"], HaltAddress);
        var status = Engine.Run(entry, HaltAddress, instructionBudget: 100_000, timeout: TimeSpan.FromSeconds(10));
        Assert.True(status == UcError.Ok, $"mips64: call of 0x{entry:x} stopped with {status} at pc 0x{Engine.ReadRegister(Backend.Registers["pc"]):x}");
        Assert.Equal(HaltAddress, Engine.ReadRegister(Backend.Registers["pc"]));
        return Engine.ReadRegister(Backend.Registers["v0"]);
    }

    /// <summary>An unsigned big-endian field of <paramref name="width"/> bytes.</summary>
    public ulong ReadUnsigned(ulong address, int width) => Engine.ReadWord(address, width, ByteOrder.BigEndian);

    /// <summary>True when some line of llvm-readelf-19 -r names <paramref name="type"/> as the first of its n64 triple.</summary>
    public static bool HasType(string relocations, string type) =>
        relocations.Split('\n').Any(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Any(w => w.Split('/')[0] == type));

    public void Dispose() => Engine.Dispose();
}
