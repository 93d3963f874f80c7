using System.Buffers.Binary;
using LibObjectFile.Elf;
using Tpsim.Emulator.Loading;
using Tpsim.Emulator.Toolchain;
using Xunit;

namespace Tpsim.Tests.Emulator.Loading;

/// <summary>Every refusal names what went wrong, where, and in which object, and leaves memory and symbols untouched.</summary>
public sealed class LoaderErrorTests : IClassFixture<TempCache>
{
    private readonly TempCache _cache;

    public LoaderErrorTests(TempCache cache) => _cache = cache;

    public static TheoryData<string, string> UnknownTypes => new()
    {
        { "x86_64", "R_X86_64_REX_GOTPCRELX" },
        { "arm64", "R_AARCH64_ADR_GOT_PAGE" },
        { "riscv64", "R_RISCV_TLS_GOT_HI20" },
        { "i386", "R_386_GOTOFF" },
    };

    public static TheoryData<string, string> OverflowTypes => new()
    {
        { "x86_64", "R_X86_64_32S" },
        { "arm64", "R_AARCH64_CALL26" },
        { "riscv64", "R_RISCV_JAL" },
        { "i386", "R_386_32" },
    };

    [Theory]
    [MemberData(nameof(IsaUnderTest.Names), MemberType = typeof(IsaUnderTest))]
    public void Unresolved_symbol_names_symbol_and_object_and_loads_nothing(string isa)
    {
        using var h = new LoadHarness(IsaUnderTest.ByName(isa), _cache.Compiler);
        var elf = h.CompileText("extern int missing_fn(void);\nint call_missing(void) { return missing_fn() + 1; }\n", SourceLanguage.C, "stub.c");

        var ex = Assert.Throws<LoaderException>(() => h.Loader.Load(elf, "stub.o", h.Isa.FixtureBase, h.Isa.Relocator));

        Assert.Equal(LoaderError.UnresolvedSymbol, ex.Error);
        Assert.Equal("TPL001", ex.Id);
        Assert.Contains("stub.o: undefined symbol 'missing_fn'", ex.Message);
        Assert.False(h.Engine.TryRead(h.Isa.FixtureBase, new byte[1]));
        Assert.Null(h.Symbols.OwnerOf("call_missing"));
        Assert.Empty(h.Loader.Loaded);
    }

    [Theory]
    [MemberData(nameof(UnknownTypes))]
    public void Unknown_relocation_type_is_named(string isa, string type)
    {
        using var h = new LoadHarness(IsaUnderTest.ByName(isa), _cache.Compiler);
        h.LoadHelper();
        var elf = h.Compile("unknown.S");
        Assert.True(ReadElf.HasType(ReadElf.Relocations(elf), type));

        var ex = Assert.Throws<LoaderException>(() => h.Loader.Load(elf, "unknown.o", h.Isa.FixtureBase, h.Isa.Relocator));

        Assert.Equal(LoaderError.UnknownRelocation, ex.Error);
        Assert.Equal("TPL002", ex.Id);
        Assert.StartsWith("unknown.o: ", ex.Message);
        Assert.Contains(type, ex.Message);
        Assert.Contains("'helper_value'", ex.Message);
        Assert.False(h.Engine.TryRead(h.Isa.FixtureBase, new byte[1]));
    }

    [Fact]
    public void Relocation_type_without_an_elf_name_is_reported_by_number()
    {
        using var h = new LoadHarness(IsaUnderTest.X86_64, _cache.Compiler);
        h.LoadHelper();
        var elf = h.Compile("relocs.S");
        SetFirstRelocationType(elf, ".rela.text", 250);
        Assert.Matches(@"000000fa\s+Unknown", ReadElf.Relocations(elf));

        var ex = Assert.Throws<LoaderException>(() => h.Loader.Load(elf, "relocs.o", h.Isa.FixtureBase, h.Isa.Relocator));

        Assert.Equal(LoaderError.UnknownRelocation, ex.Error);
        Assert.Contains("relocs.o: unsupported relocation type 250 against 'helper_value' at .text+0x2", ex.Message);
    }

    [Theory]
    [MemberData(nameof(OverflowTypes))]
    public void Overflow_names_type_symbol_offset_and_object(string isa, string type)
    {
        using var h = new LoadHarness(IsaUnderTest.ByName(isa), _cache.Compiler);
        var elf = h.Compile("overflow.S");
        Assert.True(ReadElf.HasType(ReadElf.Relocations(elf), type));

        var ex = Assert.Throws<LoaderException>(() => h.Loader.Load(elf, "overflow.o", h.Isa.FixtureBase, h.Isa.Relocator));

        Assert.Equal(LoaderError.RelocationOverflow, ex.Error);
        Assert.Equal("TPL003", ex.Id);
        Assert.StartsWith("overflow.o: ", ex.Message);
        Assert.Contains(type, ex.Message);
        Assert.Contains("'host_far'", ex.Message);
        Assert.Matches(@"\.text\+0x[0-9a-f]+", ex.Message);
        Assert.False(h.Engine.TryRead(h.Isa.FixtureBase, new byte[1]));
    }

    [Fact]
    public void Checked_movw_refuses_a_value_wider_than_its_group()
    {
        using var h = new LoadHarness(IsaUnderTest.Arm64, _cache.Compiler);
        var elf = h.CompileText("    .text\n    .globl wide\nwide:\n    movz x0, #:abs_g0:host_low\n    ret\n", SourceLanguage.Asm, "movw.S");
        Assert.True(ReadElf.HasType(ReadElf.Relocations(elf), "R_AARCH64_MOVW_UABS_G0"));

        var ex = Assert.Throws<LoaderException>(() => h.Loader.Load(elf, "movw.o", h.Isa.FixtureBase, h.Isa.Relocator));

        Assert.Equal(LoaderError.RelocationOverflow, ex.Error);
        Assert.Contains("R_AARCH64_MOVW_UABS_G0 against 'host_low' at .text+0x0", ex.Message);
        Assert.Contains("0x12345678 does not fit in an unsigned 16-bit field", ex.Message);
    }

    [Fact]
    public void Riscv_align_that_needs_relaxation_is_refused()
    {
        using var h = new LoadHarness(IsaUnderTest.Riscv64, _cache.Compiler);
        var elf = h.Compile("align_bad.S");
        Assert.True(ReadElf.HasType(ReadElf.Relocations(elf), "R_RISCV_ALIGN"));

        var ex = Assert.Throws<LoaderException>(() => h.Loader.Load(elf, "align_bad.o", h.Isa.FixtureBase, h.Isa.Relocator));

        Assert.Equal(LoaderError.MisalignedRelocation, ex.Error);
        Assert.Contains("align_bad.o: relocation R_RISCV_ALIGN", ex.Message);
        Assert.Contains("8-byte boundary", ex.Message);
    }

    [Theory]
    [MemberData(nameof(IsaUnderTest.Names), MemberType = typeof(IsaUnderTest))]
    public void Misaligned_base_is_refused(string isa)
    {
        using var h = new LoadHarness(IsaUnderTest.ByName(isa), _cache.Compiler);
        var elf = h.Compile("helper.S");

        var ex = Assert.Throws<LoaderException>(() => h.Loader.Load(elf, "helper.o", h.Isa.FixtureBase + 0x10, h.Isa.Relocator));

        Assert.Equal(LoaderError.MisalignedBase, ex.Error);
        Assert.Equal("TPL005", ex.Id);
        Assert.Contains($"0x{h.Isa.FixtureBase + 0x10:x} is not 4 KiB aligned", ex.Message);
    }

    [Fact]
    public void Wrong_machine_names_both_machines()
    {
        using var arm = new LoadHarness(IsaUnderTest.Arm64, _cache.Compiler);
        using var x86 = new LoadHarness(IsaUnderTest.X86_64, _cache.Compiler);
        var elf = arm.Compile("helper.S");

        var ex = Assert.Throws<LoaderException>(() => x86.Loader.Load(elf, "helper.o", x86.Isa.FixtureBase, x86.Isa.Relocator));

        Assert.Equal(LoaderError.WrongMachine, ex.Error);
        Assert.Equal("TPL004", ex.Id);
        Assert.Contains("EM_AARCH64 (183)", ex.Message);
        Assert.Contains("EM_X86_64 (62)", ex.Message);
    }

    [Fact]
    public void Non_elf_and_non_relocatable_inputs_are_refused()
    {
        using var h = new LoadHarness(IsaUnderTest.X86_64, _cache.Compiler);
        var garbage = Assert.Throws<LoaderException>(() => h.Loader.Load("not an object"u8.ToArray(), "junk.o", h.Isa.FixtureBase, h.Isa.Relocator));
        Assert.Equal(LoaderError.NotRelocatable, garbage.Error);
        Assert.Equal("TPL006", garbage.Id);

        var exec = h.Compile("helper.S");
        BinaryPrimitives.WriteUInt16LittleEndian(exec.AsSpan(16), 2); // e_type = ET_EXEC
        var ex = Assert.Throws<LoaderException>(() => h.Loader.Load(exec, "helper.o", h.Isa.FixtureBase, h.Isa.Relocator));
        Assert.Equal(LoaderError.NotRelocatable, ex.Error);
        Assert.Contains("not a relocatable object", ex.Message);
    }

    [Theory]
    [MemberData(nameof(IsaUnderTest.Names), MemberType = typeof(IsaUnderTest))]
    public void Duplicate_global_names_both_objects_and_loads_nothing(string isa)
    {
        using var h = new LoadHarness(IsaUnderTest.ByName(isa), _cache.Compiler);
        h.LoadHelper();

        var ex = Assert.Throws<LoaderException>(() => h.Loader.Load(h.Compile("helper.S"), "helper2.o", h.Isa.FixtureBase, h.Isa.Relocator));

        Assert.Equal(LoaderError.DuplicateSymbol, ex.Error);
        Assert.Equal("TPL007", ex.Id);
        Assert.StartsWith("helper2.o: symbol '", ex.Message);
        Assert.Contains("already defined by helper.o", ex.Message);
        Assert.False(h.Engine.TryRead(h.Isa.FixtureBase, new byte[1]));
        Assert.Equal("helper.o", h.Symbols.OwnerOf("helper_fn"));
    }

    [Fact]
    public void Same_object_name_twice_is_refused()
    {
        using var h = new LoadHarness(IsaUnderTest.Riscv64, _cache.Compiler);
        h.LoadHelper();

        var ex = Assert.Throws<LoaderException>(() => h.Loader.Load(h.Compile("layout.c"), "helper.o", h.Isa.FixtureBase, h.Isa.Relocator));

        Assert.Equal(LoaderError.DuplicateObject, ex.Error);
    }

    [Fact]
    public void Overlapping_load_is_refused_and_rolled_back()
    {
        using var h = new LoadHarness(IsaUnderTest.Arm64, _cache.Compiler);
        var helper = h.LoadHelper();

        var ex = Assert.Throws<LoaderException>(() => h.Loader.Load(h.Compile("layout.c"), "layout.o", helper.Base, h.Isa.Relocator));

        Assert.Equal(LoaderError.MappingFailed, ex.Error);
        Assert.Null(h.Symbols.OwnerOf("get_value"));
        Assert.Equal(42UL, h.Call(helper.Symbol("helper_fn")));
    }

    [Theory]
    [MemberData(nameof(IsaUnderTest.Names), MemberType = typeof(IsaUnderTest))]
    public void Unload_unmaps_pages_and_withdraws_symbols(string isa)
    {
        using var h = new LoadHarness(IsaUnderTest.ByName(isa), _cache.Compiler);
        var elf = h.Compile("helper.S");
        var helper = h.Loader.Load(elf, "helper.o", h.Isa.HelperBase, h.Isa.Relocator);
        Assert.Equal(42UL, h.Call(helper.Symbol("helper_fn")));

        h.Loader.Unload(helper);

        Assert.False(helper.IsLoaded);
        Assert.All(helper.Regions, r => Assert.False(h.Engine.TryRead(r.Address, new byte[1]), $"{r.Range} still mapped"));
        Assert.False(h.Symbols.TryResolve("helper_fn", out _));
        Assert.Equal(global::Tpsim.Emulator.Unicorn.UcError.FetchUnmapped, h.Run(helper.Symbol("helper_fn")));
        Assert.Throws<InvalidOperationException>(() => h.Loader.Unload(helper));

        var again = h.Loader.Load(elf, "helper.o", h.Isa.HelperBase, h.Isa.Relocator);
        Assert.Equal(42UL, h.Call(again.Symbol("helper_fn")));
    }

    /// <summary>Rewrites r_type of a section's first RELA entry in place (r_info's low 32 bits).</summary>
    private static void SetFirstRelocationType(byte[] elf, string sectionName, uint type)
    {
        using var stream = new MemoryStream(elf, writable: false);
        var file = ElfFile.Read(stream, new ElfReaderOptions());
        var table = file.Sections.OfType<ElfRelocationTable>().Single(s => s.Name.Value == sectionName);
        BinaryPrimitives.WriteUInt32LittleEndian(elf.AsSpan((int)table.Position + 8), type);
    }
}
