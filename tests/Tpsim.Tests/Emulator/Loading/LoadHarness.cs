using System.Buffers.Binary;
using Tpsim.Emulator.Loading;
using Tpsim.Emulator.Toolchain;
using Tpsim.Emulator.Unicorn;
using Xunit;

namespace Tpsim.Tests.Emulator.Loading;

/// <summary>
/// A real Unicorn engine with a stack, a halt page, a symbol table preloaded with host symbols, and a
/// loader; compiles fixtures from Data/Loading with the real clang-19 and calls loaded functions.
/// </summary>
public sealed class LoadHarness : IDisposable
{
    public const ulong HostLow = 0x1234_5678;
    public const ulong HostSmall = 0x1234;
    public const ulong HostTiny = 0x12;
    public const ulong HostFar = 0x1_0000_0000;

    private const ulong StackBase = 0x7000_0000;
    private const ulong StackSize = 0x10000;
    private const ulong HaltAddress = 0x7100_0000;

    public LoadHarness(IsaUnderTest isa, Compiler compiler)
    {
        Isa = isa;
        Compiler = compiler;
        Engine = new Engine(isa.Arch, isa.Mode);
        Engine.Map(StackBase, StackSize, UcProt.Read | UcProt.Write);
        Engine.Map(HaltAddress, 0x1000, UcProt.Read | UcProt.Exec);
        Engine.Write(HaltAddress, isa.Halt);
        Symbols.Define("host_low", HostLow, "host");
        Symbols.Define("host_small", HostSmall, "host");
        Symbols.Define("host_tiny", HostTiny, "host");
        Symbols.Define("host_far", HostFar, "host");
        Loader = new ObjectLoader(Engine, Symbols);
    }

    public IsaUnderTest Isa { get; }

    public Compiler Compiler { get; }

    public Engine Engine { get; }

    public SymbolTable Symbols { get; } = new();

    public ObjectLoader Loader { get; }

    /// <summary>Data/Loading/&lt;isa&gt;/file, or Data/Loading/common/file for C fixtures that are the same on every ISA.</summary>
    public static string FixturePath(string isa, string file)
    {
        var own = Path.Combine(AppContext.BaseDirectory, "Data", "Loading", isa, file);
        return File.Exists(own) ? own : Path.Combine(AppContext.BaseDirectory, "Data", "Loading", "common", file);
    }

    /// <summary>Compiles Data/Loading/&lt;isa&gt;/<paramref name="file"/> in place (.c as C, anything else as .S).</summary>
    public byte[] Compile(string file)
    {
        var path = FixturePath(Isa.Name, file);
        var language = file.EndsWith(".c", StringComparison.Ordinal) ? SourceLanguage.C : SourceLanguage.Asm;
        return Compiler.Compile(Isa.Toolchain, language, File.ReadAllText(path), path);
    }

    public byte[] CompileText(string text, SourceLanguage language, string fileName) =>
        Compiler.Compile(Isa.Toolchain, language, text, fileName);

    public LoadedObject LoadHelper() => Loader.Load(Compile("helper.S"), "helper.o", Isa.HelperBase, Isa.Relocator);

    public LoadedObject LoadFixture(string file, ulong? at = null) =>
        Loader.Load(Compile(file), Path.ChangeExtension(file, ".o"), at ?? Isa.FixtureBase, Isa.Relocator);

    /// <summary>Calls a loaded function with up to two integer arguments and returns its integer result.</summary>
    public ulong Call(ulong entry, params ulong[] arguments)
    {
        var status = Run(entry, arguments);
        Assert.True(status == UcError.Ok, $"{Isa.Name}: call of 0x{entry:x} stopped with {status}");
        Assert.Equal(HaltAddress, Engine.ReadRegister(Isa.ProgramCounter));
        return Engine.ReadRegister(Isa.ResultRegister);
    }

    /// <summary>Runs a function to its return (or a fault) and reports Unicorn's status.</summary>
    public UcError Run(ulong entry, params ulong[] arguments)
    {
        for (var i = 0; i < arguments.Length; i++)
        {
            Engine.WriteRegister(Isa.ArgumentRegisters[i], arguments[i]);
        }
        var top = StackBase + StackSize - 0x100;
        if (Isa.LinkRegister is { } link)
        {
            Engine.WriteRegister(Isa.StackPointer, top);
            Engine.WriteRegister(link, HaltAddress);
        }
        else
        {
            // x86 `call` leaves the return address at [rsp] (rsp+8 16-byte aligned; esp+4 on i386, one 4-byte word).
            var slot = (ulong)Isa.PointerSize;
            Engine.Write(top - slot, BitConverter.GetBytes(HaltAddress).AsSpan(0, Isa.PointerSize));
            Engine.WriteRegister(Isa.StackPointer, top - slot);
        }
        return Engine.Run(entry, HaltAddress, instructionBudget: 100_000, timeout: TimeSpan.FromSeconds(10));
    }

    public ulong ReadUnsigned(ulong address, int width)
    {
        var bytes = new byte[8];
        Engine.Read(address, bytes.AsSpan(0, width));
        return BinaryPrimitives.ReadUInt64LittleEndian(bytes);
    }

    public void Dispose() => Engine.Dispose();
}
