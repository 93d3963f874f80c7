using Tpsim.Arch.Ppc64;
using Tpsim.Emulator.Isa;
using Tpsim.Emulator.Loading;
using Tpsim.Emulator.Memory;
using Tpsim.Emulator.Toolchain;
using Tpsim.Emulator.Unicorn;
using Xunit;

namespace Tpsim.Tests.Arch.Ppc64;

/// <summary>
/// The ELFv2 variant a 6.12 kernel runs under: clang's <c>-mabi=elfv2</c> objects, each with its own TOC, call each
/// other through the loader's call stubs (the nop after the bl becoming the TOC restore), reach their own static
/// functions at the local entry, and are called with r12 holding the global entry.
/// </summary>
public sealed class Ppc64ElfV2Tests(TempCache cache) : IClassFixture<TempCache>
{
    private const ulong LibBase = 0x4000_0000;
    private const ulong CallerBase = 0x4010_0000;
    private const ulong StackTop = 0x7001_0000;
    private const ulong Halt = 0x7100_0000;

    private const string Lib = """
        long lib_data = 40;
        long lib_add(long x) { return x + lib_data; }
        """;

    // caller_data is read through r2 after lib_add returns, so a wrong TOC there gives a wrong sum; twice is reached
    // at its local entry, because its global entry would compute r2 from r12, which holds lib_add's address by then.
    private const string Caller = """
        extern long lib_add(long);
        long caller_data = 2;
        static __attribute__((noinline)) long twice(long x) { return x * caller_data; }
        long call_lib(long x) { long y = lib_add(x); return y + caller_data + twice(1); }
        """;

    private static readonly IsaBackend ElfV2 = new Ppc64Backend().KernelRuntime!.KernelAbiBackend!;

    [Fact]
    public void A_call_into_another_object_goes_through_a_stub_and_restores_the_callers_toc()
    {
        using var engine = ElfV2.CreateEngine();
        var (loader, lib, caller) = LoadBoth(engine);

        Assert.Equal(1UL + 40 + 2 + 2, Call(engine, caller.Symbol("call_lib"), 1));

        var stubs = caller.Section(LoadedSection.CallStubsName);
        Assert.Equal((ulong)Relocations.StubSize, stubs.Size);
        Assert.Equal(0xf841_0018UL, engine.ReadWord(stubs.Address, 4, ByteOrder.BigEndian));
        // The stub has a local name of its own, for traces.
        Assert.Equal(stubs.Address, caller.Symbol("lib_add" + ObjectLoader.StubSuffix));
        // The nop after the bl is now ld r2,24(r1).
        var code = new byte[(int)caller.Section(".text").Size];
        engine.Read(caller.Section(".text").Address, code);
        Assert.Contains(Words(code), w => w == 0xe841_0018);
        Assert.DoesNotContain(lib.Sections, s => s.Name == LoadedSection.CallStubsName);
        Assert.Equal(2, loader.Loaded.Count);
    }

    [Fact]
    public void Each_object_resolves_toc_to_its_own_toc_base()
    {
        using var engine = ElfV2.CreateEngine();
        var (_, lib, caller) = LoadBoth(engine);
        // Called alone, with r12 set as an indirect call sets it, lib_add's global entry finds lib_data through its own TOC.
        Assert.Equal(47UL, Call(engine, lib.Symbol("lib_add"), 7));
        Assert.NotEqual(Relocations.TocBase(lib.Sections), Relocations.TocBase(caller.Sections));
    }

    [Fact]
    public void The_local_entry_offset_comes_from_st_other()
    {
        Assert.Equal(0UL, Relocations.LocalEntryOffset(0));
        Assert.Equal(0UL, Relocations.LocalEntryOffset(1 << 5));
        Assert.Equal(8UL, Relocations.LocalEntryOffset(3 << 5));
        Assert.Equal(16UL, Relocations.LocalEntryOffset(4 << 5));
    }

    /// <summary>Negative control: a call into another object with no nop after it has nowhere to restore r2, and is refused by name.</summary>
    [Fact]
    public void A_call_into_another_object_without_a_nop_is_refused()
    {
        using var engine = ElfV2.CreateEngine();
        var symbols = new SymbolTable();
        var loader = new ObjectLoader(engine, symbols);
        loader.Load(Compile(Lib, "lib.c", SourceLanguage.C), "lib.o", LibBase, ElfV2.Relocator);
        var asm = Compile("\t.text\n\t.globl bad_caller\nbad_caller:\n\tmflr 0\n\tstd 0,16(1)\n\tstdu 1,-32(1)\n\tbl lib_add\n\taddi 1,1,32\n\tld 0,16(1)\n\tmtlr 0\n\tblr\n", "bad.S", SourceLanguage.Asm);

        var ex = Assert.Throws<LoaderException>(() => loader.Load(asm, "bad.o", CallerBase, ElfV2.Relocator));

        Assert.Equal(LoaderError.InvalidRelocation, ex.Error);
        Assert.Contains("relocation R_PPC64_REL24 against 'lib_add'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("is not followed by a nop (0x38210020)", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(loader.Loaded, o => o.Name == "bad.o");
    }

    /// <summary>
    /// GCC -Os calls the ABI's register save routines before its frame exists and with no nop after the bl: those go
    /// straight to the routine (here tpsim's crtsavres.S, assembled ELFv2), never through a stub, which would store r2
    /// into the caller's frame.
    /// </summary>
    [Fact]
    public void A_register_save_routine_is_branched_to_directly()
    {
        using var engine = ElfV2.CreateEngine();
        var symbols = new SymbolTable();
        var loader = new ObjectLoader(engine, symbols);
        var routines = loader.Load(Compile(new Ppc64Backend().ReadSource("crtsavres.S"), "crtsavres.S", SourceLanguage.Asm), "crtsavres.o", LibBase, ElfV2.Relocator);
        var caller = loader.Load(Compile("\t.text\n\t.globl saver\nsaver:\n\tmflr 0\n\tbl _savegpr0_30\n\tblr\n", "saver.S", SourceLanguage.Asm), "saver.o", CallerBase, ElfV2.Relocator);

        var bl = caller.Symbol("saver") + 4;
        var word = engine.ReadWord(bl, 4, ByteOrder.BigEndian);
        var displacement = (long)(int)((uint)word << 6) >> 6 & ~3L;
        Assert.Equal(routines.Symbol("_savegpr0_30"), unchecked(bl + (ulong)displacement));
        Assert.Equal(0x4800_0001UL, word & 0xfc00_0003);
        Assert.DoesNotContain(caller.Sections, s => s.Name == LoadedSection.CallStubsName);
    }

    /// <summary>The variants differ where the ABIs do: stubs, .TOC., and who owns the parameter save area.</summary>
    [Fact]
    public void The_elfv1_and_elfv2_variants_differ_where_the_abis_do()
    {
        var elfV1 = new Ppc64Backend();
        Assert.Equal(0, elfV1.Relocator.CallStubSize);
        Assert.Empty(elfV1.Relocator.PerObjectSymbols);
        Assert.Contains(".TOC.", ElfV2.Relocator.PerObjectSymbols);
        Assert.Equal(112, elfV1.Abi.RegisterSaveAreaSize);
        Assert.Equal(96, ElfV2.Abi.RegisterSaveAreaSize);
        // ELFv2: the frame header alone up to eight parameters, the parameter save area and stack arguments beyond.
        Assert.Equal(32, ElfV2.Abi.IncomingAreaSize(8));
        Assert.Equal(96 + 2 * 8, ElfV2.Abi.IncomingAreaSize(10));
        Assert.Equal(112, elfV1.Abi.IncomingAreaSize(8));
    }

    private (ObjectLoader Loader, LoadedObject Lib, LoadedObject Caller) LoadBoth(Engine engine)
    {
        var symbols = new SymbolTable();
        var loader = new ObjectLoader(engine, symbols);
        var lib = loader.Load(Compile(Lib, "lib.c", SourceLanguage.C), "lib.o", LibBase, ElfV2.Relocator);
        var caller = loader.Load(Compile(Caller, "caller.c", SourceLanguage.C), "caller.o", CallerBase, ElfV2.Relocator);
        engine.Map(StackTop - 0x10000, 0x10000, UcProt.Read | UcProt.Write);
        engine.Map(Halt, Pages.Size, ExecutableMappings.Protection(engine, UcProt.Read | UcProt.Exec));
        engine.Write(Halt, ElfV2.HaltInstruction);
        return (loader, lib, caller);
    }

    private ulong Call(Engine engine, ulong function, params ulong[] args)
    {
        var sp = CallPlacement.Place(engine, ElfV2, StackTop - 0x400, Halt, args);
        ElfV2.PrepareIndirectCall(engine, function);
        var status = engine.Run(ElfV2.EntryPoint(engine, function), Halt, instructionBudget: 100_000, timeout: TimeSpan.FromSeconds(10));
        Assert.Equal(UcError.Ok, status);
        Assert.Equal(Halt, engine.ReadRegister(ElfV2.Registers["pc"]));
        Assert.Equal(sp, engine.ReadRegister(ElfV2.Registers["r1"]));
        return engine.ReadRegister(ElfV2.Registers["r3"]);
    }

    private byte[] Compile(string source, string name, SourceLanguage language) =>
        cache.Compiler.Compile(ElfV2.Toolchain, language, source, name, ["-mabi=elfv2"]);

    private static IEnumerable<uint> Words(byte[] code) =>
        Enumerable.Range(0, code.Length / 4).Select(i => System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(code.AsSpan(4 * i)));
}
