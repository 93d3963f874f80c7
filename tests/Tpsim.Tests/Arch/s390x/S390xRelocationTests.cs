using Tpsim.Emulator.Loading;
using Tpsim.Emulator.Memory;
using Xunit;

namespace Tpsim.Tests.Arch.S390x;

/// <summary>
/// Every relocation type the s390x relocator claims: llvm-readelf-19 confirms the big-endian fixture
/// carries it, the loader places the fixture next to a helper object in a real s390x engine, and the
/// CPU, running the probe function, sees the resolved value; its big-endian loads read the fields back
/// in the order the loader wrote them.
/// </summary>
public sealed class S390xRelocationTests : IClassFixture<TempCache>
{
    private const ulong Q1 = 0x99aabbccddeeff00;
    private const ulong Q2 = 0x0123456789abcdef;

    private readonly TempCache _cache;

    public S390xRelocationTests(TempCache cache) => _cache = cache;

    public static readonly IReadOnlyList<RelocationCase> Cases =
    [
        // hand-written
        S("R_390_PC32DBL", "relocs.S", "r_pc32dbl", l => l.Hv + 16),
        S("R_390_PC32DBL", "relocs.S", "r_pc32dbl_load", _ => Q1),
        S("R_390_PC32DBL", "relocs.S", "r_pc32dbl_jump", _ => 42),
        S("R_390_GOTENT", "relocs.S", "r_gotent", l => l.Hv),
        S("R_390_PLT32DBL", "relocs.S", "r_plt32dbl", _ => 43),
        S("R_390_PC16DBL", "relocs.S", "r_pc16dbl", _ => 7),
        S("R_390_PLT16DBL", "relocs.S", "r_plt16dbl", _ => 7),
        S("R_390_12", "relocs.S", "r_12", _ => S390xLoadHarness.HostTiny),
        S("R_390_20", "relocs.S", "r_20", _ => S390xLoadHarness.HostSmall),
        S("R_390_20", "relocs.S", "r_20_neg", _ => 0x4000 + S390xLoadHarness.HostSmall - 0x3000),
        S("R_390_64", "relocs.S", "r_64", l => l.Hv + 8),
        S("R_390_PC64", "relocs.S", "r_pc64", l => l.Hv - l.Fn("d_pc64")),
        S("R_390_PLT64", "relocs.S", "r_plt64", l => l.Helper.Symbol("helper_fn") - l.Fn("d_plt64")),
        S("R_390_32", "relocs.S", "r_32", _ => S390xLoadHarness.HostLow),
        S("R_390_PC32", "relocs.S", "r_pc32", l => (l.Hv - l.Fn("d_pc32")) & 0xffff_ffff),
        S("R_390_PLT32", "relocs.S", "r_plt32", l => (l.Helper.Symbol("helper_fn") - l.Fn("d_plt32")) & 0xffff_ffff),
        S("R_390_16", "relocs.S", "r_16", _ => S390xLoadHarness.HostSmall),
        S("R_390_PC16", "relocs.S", "r_pc16", l => (l.Fn("near_data") - l.Fn("d_pc16")) & 0xffff),
        S("R_390_8", "relocs.S", "r_8", _ => S390xLoadHarness.HostTiny),
        // as clang -O2 -march=z10 -fno-pic emits them
        S("R_390_PC32DBL", "relocs.c", "c_address", l => l.Hv + 8),
        S("R_390_PC32DBL", "relocs.c", "c_load", _ => Q2),
        S("R_390_PLT32DBL", "relocs.c", "c_call", _ => 43),
        S("R_390_PLT32DBL", "relocs.c", "c_tail", _ => 42),
        S("R_390_64", "relocs.c", "c_table", l => l.Hv + 24, width: 8),
    ];

    public static TheoryData<string> Ids => RelocatorProbe.Ids(Cases);

    [Theory]
    [MemberData(nameof(Ids))]
    public void Relocation_is_emitted_by_clang_and_applied_big_endian(string id)
    {
        var c = Cases.Single(x => x.Id == id);
        using var h = new S390xLoadHarness(_cache.Compiler);
        var obj = h.Compile(c.Fixture);
        var readelf = ReadElf.Relocations(obj);
        Assert.True(ReadElf.HasType(readelf, c.Type), $"llvm-readelf-19 -r shows no {c.Type} in {c.Fixture}:\n{readelf}");

        var helper = h.LoadHelper();
        var fixture = h.Loader.Load(obj, Path.ChangeExtension(c.Fixture, ".o"), h.Isa.FixtureBase, h.Isa.Relocator);
        var loaded = new Loaded(helper, fixture);
        var actual = c.Width == 0
            ? h.Call(fixture.Symbol(c.Probe))
            : h.ReadUnsigned(fixture.Symbol(c.Probe), c.Width);

        Assert.Equal($"0x{c.Expected(loaded):x}", $"0x{actual:x}");
    }

    [Fact]
    public void Every_type_the_s390x_relocator_implements_is_claimed_by_a_case()
    {
        RelocatorProbe.AssertEveryTypeClaimed("s390x", IsaUnderTest.S390x.Relocator, Cases, ByteOrder.BigEndian);
    }

    [Fact]
    public void Gcc_objects_carry_the_same_types_as_clang_objects()
    {
        // The matrix builds with both compilers; GCC 12's s390x output for the kernel sources needs nothing more.
        using var h = new S390xLoadHarness(_cache.Compiler);
        var gcc = new global::Tpsim.Emulator.Toolchain.BuildSpec(global::Tpsim.Emulator.Toolchain.CompilerKind.Gcc, global::Tpsim.Emulator.Toolchain.BuildConfigs.Default);
        var backend = new global::Tpsim.Arch.S390x.S390xBackend();
        var elf = _cache.Compiler.Compile(gcc, backend.Toolchain, global::Tpsim.Emulator.Toolchain.SourceLanguage.C,
            File.ReadAllText(LoadHarness.FixturePath("s390x", "relocs.c")), "relocs.c");
        var readelf = ReadElf.Relocations(elf);
        var types = readelf.Split('\n').SelectMany(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Where(w => w.StartsWith("R_390_", StringComparison.Ordinal)).ToHashSet();
        Assert.Subset(new HashSet<string> { "R_390_PC32DBL", "R_390_PLT32DBL", "R_390_64" }, types);
        h.LoadHelper();
        var fixture = h.Loader.Load(elf, "relocs.o", h.Isa.FixtureBase, h.Isa.Relocator);
        Assert.Equal(43UL, h.Call(fixture.Symbol("c_call")));
        Assert.Equal(h.Symbols.Resolve("helper_value") + 24, h.ReadUnsigned(fixture.Symbol("c_table"), 8));
    }

    [Fact]
    public void A_pie_object_gets_a_got_of_its_own_with_one_entry_per_symbol()
    {
        // As kbuild builds s390x kernel C: -fPIE, so an extern's address comes from a GOT entry (R_390_GOTENT).
        using var h = new S390xLoadHarness(_cache.Compiler);
        var elf = h.Compile("relocs.c", null, "-fPIE");
        Assert.True(ReadElf.HasType(ReadElf.Relocations(elf), "R_390_GOTENT"), ReadElf.Relocations(elf));
        h.LoadHelper();
        var fixture = h.Loader.Load(elf, "relocs.o", h.Isa.FixtureBase, h.Isa.Relocator);
        var hv = h.Symbols.Resolve("helper_value");
        Assert.Equal(hv + 8, h.Call(fixture.Symbol("c_address")));
        Assert.Equal(Q2, h.Call(fixture.Symbol("c_load")));
        Assert.Equal(43UL, h.Call(fixture.Symbol("c_call")));
        var got = fixture.Section(".got (loader)");
        Assert.Equal(0UL, got.Size % 8);
        var entries = Enumerable.Range(0, (int)(got.Size / 8)).Select(i => h.ReadUnsigned(got.Address + (ulong)(8 * i), 8)).ToList();
        Assert.Contains(hv, entries);
        // One entry per symbol, however many instructions load it.
        Assert.Equal(entries.Count, entries.Distinct().Count());

        // The control: the same object without -fPIE needs no GOT.
        using var plain = new S390xLoadHarness(_cache.Compiler);
        plain.LoadHelper();
        var nopic = plain.Loader.Load(plain.Compile("relocs.c"), "relocs.o", plain.Isa.FixtureBase, plain.Isa.Relocator);
        Assert.DoesNotContain(nopic.Sections, s => s.Name == ".got (loader)");
    }

    [Fact]
    public void A_big_endian_object_is_read_as_llvm_readelf_sees_it()
    {
        using var h = new S390xLoadHarness(_cache.Compiler);
        var elf = h.Compile("relocs.S");
        var header = ReadElf.Run("-h", elf);
        Assert.Matches(@"Data:\s+2's complement, big endian", header);
        Assert.Matches(@"Machine:\s+IBM S/390", header);
        Assert.Contains("Relocation section '.rela.text'", ReadElf.Relocations(elf));

        h.LoadHelper();
        var obj = h.Loader.Load(elf, "relocs.o", h.Isa.FixtureBase, h.Isa.Relocator);

        Assert.Equal((ushort)22, obj.Machine);
        // The symbol values LibObjectFile decoded from the big-endian symbol table place near_fn after .text.
        Assert.True(obj.Symbol("near_fn") > obj.Symbol("r_8"));
        Assert.Equal(obj.Section(".data").Address, obj.Symbol("d_64"));
    }

    [Fact]
    public void A_far_16_bit_branch_overflows_naming_the_type()
    {
        using var h = new S390xLoadHarness(_cache.Compiler);
        var elf = h.Compile("overflow.S");
        Assert.True(ReadElf.HasType(ReadElf.Relocations(elf), "R_390_PC16DBL"));

        var ex = Assert.Throws<LoaderException>(() => h.Loader.Load(elf, "overflow.o", h.Isa.FixtureBase, h.Isa.Relocator));

        Assert.Equal(LoaderError.RelocationOverflow, ex.Error);
        Assert.Contains("relocation R_390_PC16DBL against 'host_far' at .text+0x2 out of range", ex.Message);
        Assert.Contains("a signed 16-bit field", ex.Message);
        Assert.False(h.Engine.TryRead(h.Isa.FixtureBase, new byte[1]));
    }

    [Fact]
    public void An_odd_halfword_displacement_is_refused()
    {
        using var h = new S390xLoadHarness(_cache.Compiler);
        h.LoadHelper();
        var elf = h.Compile("odd.S");

        var ex = Assert.Throws<LoaderException>(() => h.Loader.Load(elf, "odd.o", h.Isa.FixtureBase, h.Isa.Relocator));

        Assert.Equal(LoaderError.MisalignedRelocation, ex.Error);
        Assert.Contains("relocation R_390_PC32DBL against 'helper_value' at .text+0x2", ex.Message);
        Assert.Contains("is not a multiple of 2", ex.Message);
    }

    [Fact]
    public void A_got_entry_of_pic_code_is_loaded_through_the_loaders_got()
    {
        using var h = new S390xLoadHarness(_cache.Compiler);
        h.LoadHelper();
        var elf = h.Compile("got.c", extraFlags: "-fPIC");
        Assert.True(ReadElf.HasType(ReadElf.Relocations(elf), "R_390_GOTENT"), ReadElf.Relocations(elf));

        var obj = h.Loader.Load(elf, "got.o", h.Isa.FixtureBase, h.Isa.Relocator);

        Assert.Equal(h.Symbols.Resolve("helper_value") + 8, h.Call(obj.Symbol("got_address")));
    }

    [Fact]
    public void A_got_relative_relocation_is_named_and_refused()
    {
        using var h = new S390xLoadHarness(_cache.Compiler);
        h.LoadHelper();
        var elf = h.Compile("gotoff.S");
        Assert.True(ReadElf.HasType(ReadElf.Relocations(elf), "R_390_GOTOFF64"), ReadElf.Relocations(elf));

        var ex = Assert.Throws<LoaderException>(() => h.Loader.Load(elf, "gotoff.o", h.Isa.FixtureBase, h.Isa.Relocator));

        Assert.Equal(LoaderError.UnknownRelocation, ex.Error);
        Assert.Contains("unsupported relocation R_390_GOTOFF64 (type 28) against 'helper_value'", ex.Message);
        Assert.DoesNotContain(h.Loader.Loaded, o => o.Name == "gotoff.o");
    }

    [Fact]
    public void A_type_without_an_elf_name_is_reported_by_number()
    {
        var relocator = IsaUnderTest.S390x.Relocator;
        Assert.Equal("type 200", relocator.TypeName(200));
        Assert.Equal("R_390_PC24DBL", relocator.TypeName(64));
        Assert.False(RelocatorProbe.Implements(relocator, 64, ByteOrder.BigEndian));
    }

    private static RelocationCase S(string type, string fixture, string probe, Func<Loaded, ulong> expected, int width = 0) =>
        new("s390x", type, fixture, probe, width, expected);
}
