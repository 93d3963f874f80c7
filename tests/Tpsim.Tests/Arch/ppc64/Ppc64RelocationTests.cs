using Tpsim.Arch.Ppc64;
using Tpsim.Emulator.Loading;
using Tpsim.Emulator.Memory;
using Tpsim.Emulator.Toolchain;
using Xunit;

namespace Tpsim.Tests.Arch.Ppc64;

/// <summary>
/// Every relocation type the ppc64 relocator implements: llvm-readelf-19 confirms the big-endian ELFv1 fixture
/// carries it, the loader places the fixture next to a helper object in a real ppc64 engine, and the CPU,
/// running the probe function through its descriptor (so with the fixture's own TOC in r2), computes the
/// resolved value, or the test reads a relocated data word back big-endian.
/// </summary>
public sealed class Ppc64RelocationTests : IClassFixture<TempCache>
{
    private const ulong Q1 = 0x99aabbccddeeff00;
    private const ulong Q2 = 0x0123456789abcdef;

    private readonly TempCache _cache;

    public Ppc64RelocationTests(TempCache cache) => _cache = cache;

    public static readonly IReadOnlyList<RelocationCase> Cases =
    [
        // hand-written
        P("R_PPC64_ADDR16", "relocs.S", "r_addr16", _ => Ppc64LoadHarness.HostSmall),
        P("R_PPC64_ADDR16_HI", "relocs.S", "r_addr16_hi", _ => Ppc64LoadHarness.HostLow),
        P("R_PPC64_ADDR16_LO", "relocs.S", "r_addr16_hi", _ => Ppc64LoadHarness.HostLow),
        P("R_PPC64_ADDR16_HA", "relocs.S", "r_addr16_ha", _ => Ppc64LoadHarness.HostHa),
        P("R_PPC64_ADDR16_HIGHEST", "relocs.S", "r_high", _ => Ppc64LoadHarness.HostWide),
        P("R_PPC64_ADDR16_HIGHER", "relocs.S", "r_high", _ => Ppc64LoadHarness.HostWide),
        P("R_PPC64_ADDR16_HIGH", "relocs.S", "r_high", _ => Ppc64LoadHarness.HostWide),
        P("R_PPC64_ADDR16_HIGHESTA", "relocs.S", "r_higha", _ => Ppc64LoadHarness.HostWide),
        P("R_PPC64_ADDR16_HIGHERA", "relocs.S", "r_higha", _ => Ppc64LoadHarness.HostWide),
        P("R_PPC64_ADDR16_HIGHA", "relocs.S", "r_higha", _ => Ppc64LoadHarness.HostWide),
        P("R_PPC64_ADDR16_DS", "relocs.S", "r_addr16_ds", _ => Q2),
        P("R_PPC64_ADDR16_LO_DS", "relocs.S", "r_addr16_lo_ds", _ => Q1),
        P("R_PPC64_REL24", "relocs.S", "r_rel24", _ => 42),
        P("R_PPC64_REL24", "relocs.S", "r_rel24_opd", _ => 45),
        P("R_PPC64_REL24", "relocs.S", "r_rel24_leaf", _ => 44),
        P("R_PPC64_REL14", "relocs.S", "r_rel14", _ => 46),
        P("R_PPC64_REL16_HA", "relocs.S", "r_rel16", l => l.Fn("near_data")),
        P("R_PPC64_REL16_LO", "relocs.S", "r_rel16", l => l.Fn("near_data")),
        P("R_PPC64_REL16_HI", "relocs.S", "r_rel16_hi", l => l.Fn("near_data")),
        P("R_PPC64_REL16", "relocs.S", "r_rel16_plain", l => l.Fn("near_fn")),
        P("R_PPC64_TOC", "relocs.S", "r_toc", l => l.Fixture.Section(".toc").Address + Relocations.TocBias),
        P("R_PPC64_TOC16", "relocs.S", "r_toc16", l => l.Fn("d_toc")),
        P("R_PPC64_TOC16_DS", "relocs.S", "r_toc16_ds", _ => Q2),
        P("R_PPC64_TOC16_HA", "relocs.S", "r_toc16_ha", l => l.Fn("near_data")),
        P("R_PPC64_TOC16_LO", "relocs.S", "r_toc16_ha", l => l.Fn("near_data")),
        P("R_PPC64_TOC16_HI", "relocs.S", "r_toc16_hi", l => l.Fn("near_data")),
        P("R_PPC64_TOC16_LO_DS", "relocs.S", "r_toc16_lo_ds", _ => Q1),
        P("R_PPC64_ADDR64", "relocs.S", "d_addr64", _ => Ppc64LoadHarness.HostLow + 8, width: 8),
        P("R_PPC64_REL64", "relocs.S", "d_rel64", l => l.Hv - l.Fn("d_rel64"), width: 8),
        P("R_PPC64_ADDR32", "relocs.S", "d_addr32", _ => Ppc64LoadHarness.HostLow, width: 4),
        P("R_PPC64_REL32", "relocs.S", "d_rel32", l => (l.Hv - l.Fn("d_rel32")) & 0xffff_ffff, width: 4),
        // as clang -O2 -mcmodel=medium -mabi=elfv1 emits them
        P("R_PPC64_TOC16_HA", "relocs.c", "c_load", _ => Q1),
        P("R_PPC64_TOC16_LO_DS", "relocs.c", "c_local", _ => Q2),
        P("R_PPC64_REL24", "relocs.c", "c_call_static", _ => 2 * 5 + 2 + 1, argument: 5),
        P("R_PPC64_REL24", "relocs.c", "c_call_leaf", _ => 45),
        P("R_PPC64_TOC", "relocs.c", "c_indirect", _ => 44),
        P("R_PPC64_ADDR64", "relocs.c", "c_table", l => l.Hv, width: 8),
    ];

    public static TheoryData<string> Ids => RelocatorProbe.Ids(Cases);

    [Theory]
    [MemberData(nameof(Ids))]
    public void Relocation_is_emitted_by_clang_and_applied_big_endian(string id)
    {
        var c = Cases.Single(x => x.Id == id);
        using var h = new Ppc64LoadHarness(_cache.Compiler);
        var obj = h.Compile(c.Fixture);
        var readelf = ReadElf.Relocations(obj);
        Assert.True(ReadElf.HasType(readelf, c.Type), $"llvm-readelf-19 -r shows no {c.Type} in {c.Fixture}:\n{readelf}");

        var helper = h.LoadHelper();
        var fixture = h.Loader.Load(obj, Path.ChangeExtension(c.Fixture, ".o"), Ppc64LoadHarness.FixtureBase, h.Relocator);
        var loaded = new Loaded(helper, fixture);
        var actual = c.Width == 0
            ? h.Call(fixture.Symbol(Probe(c)), Arguments(c))
            : h.ReadUnsigned(fixture.Symbol(c.Probe), c.Width);

        Assert.Equal($"0x{c.Expected(loaded):x}", $"0x{actual:x}");
    }

    [Fact]
    public void Every_type_the_ppc64_relocator_implements_is_claimed_by_a_case()
    {
        RelocatorProbe.AssertEveryTypeClaimed("ppc64", new Relocations(), Cases, ByteOrder.BigEndian);
    }

    [Fact]
    public void Gcc_objects_carry_the_same_types_as_clang_objects_and_run()
    {
        // GCC 12 with -mcall-aixdesc also names each code entry (.c_load); the descriptors are the same.
        using var h = new Ppc64LoadHarness(_cache.Compiler);
        var elf = h.Compile("relocs.c", new BuildSpec(CompilerKind.Gcc, BuildConfigs.Default));
        var readelf = ReadElf.Relocations(elf);
        var types = readelf.Split('\n').SelectMany(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Where(w => w.StartsWith("R_PPC64_", StringComparison.Ordinal)).ToHashSet();
        Assert.Subset(new HashSet<string> { "R_PPC64_ADDR64", "R_PPC64_TOC", "R_PPC64_TOC16_HA", "R_PPC64_TOC16_LO_DS", "R_PPC64_REL24" }, types);
        Assert.Subset(types, new HashSet<string> { "R_PPC64_ADDR64", "R_PPC64_TOC", "R_PPC64_TOC16_HA", "R_PPC64_TOC16_LO_DS", "R_PPC64_REL24" });
        var helper = h.LoadHelper();
        var fixture = h.Loader.Load(elf, "relocs.o", Ppc64LoadHarness.FixtureBase, h.Relocator);
        Assert.Equal(Q1, h.Call(fixture.Symbol("c_load")));
        Assert.Equal(Q2, h.Call(fixture.Symbol("c_local")));
        Assert.Equal(13UL, h.Call(fixture.Symbol("c_call_static"), 5));
        Assert.Equal(45UL, h.Call(fixture.Symbol("c_call_leaf")));
        Assert.Equal(44UL, h.Call(fixture.Symbol("c_indirect")));
        Assert.Equal(helper.Symbol("helper_value"), h.ReadUnsigned(fixture.Symbol("c_table"), 8));
    }

    [Fact]
    public void A_big_endian_elfv1_object_is_read_as_llvm_readelf_sees_it()
    {
        using var h = new Ppc64LoadHarness(_cache.Compiler);
        var elf = h.Compile("relocs.S");
        var header = ReadElf.Run("-h", elf);
        Assert.Matches(@"Data:\s+2's complement, big endian", header);
        Assert.Matches(@"Machine:\s+PowerPC64", header);
        // e_flags 0: ELFv1 (function descriptors); ELFv2 objects carry 2.
        Assert.Matches(@"Flags:\s+0x0", header);

        var helper = h.LoadHelper();
        var obj = h.Loader.Load(elf, "relocs.o", Ppc64LoadHarness.FixtureBase, h.Relocator);

        Assert.Equal((ushort)21, obj.Machine);
        // A function symbol is its descriptor in .opd; its code starts at the descriptor's first doubleword.
        var opd = obj.Section(".opd");
        Assert.True(opd.Range.Contains(obj.Symbol("r_toc")));
        var code = h.ReadUnsigned(obj.Symbol("r_toc"), 8);
        Assert.True(obj.IsExecutable(code));
        Assert.Equal(code, obj.FunctionEntries["r_toc"]);
        Assert.Equal(code, h.Backend.CodeAddress(h.Engine, obj.Symbol("r_toc")));
        // Each object has its own TOC: .toc + 0x8000, in every descriptor of the object.
        Assert.Equal(obj.Section(".toc").Address + 0x8000, h.ReadUnsigned(obj.Symbol("r_toc") + 8, 8));
        Assert.Equal(helper.Section(".toc").Address + 0x8000, h.ReadUnsigned(helper.Symbol("helper_fn") + 8, 8));
        // The helper's TOC-free function says so with a TOC doubleword of 0.
        Assert.Equal(0UL, h.ReadUnsigned(helper.Symbol("helper_leaf") + 8, 8));
    }

    [Fact]
    public void A_direct_call_into_another_objects_toc_is_refused_naming_the_missing_stub()
    {
        using var h = new Ppc64LoadHarness(_cache.Compiler);
        h.LoadHelper();
        var elf = h.Compile("external.c");
        Assert.True(ReadElf.HasType(ReadElf.Relocations(elf), "R_PPC64_REL24"));

        var ex = Assert.Throws<LoaderException>(() => h.Loader.Load(elf, "external.o", Ppc64LoadHarness.FixtureBase, h.Relocator));

        Assert.Equal(LoaderError.InvalidRelocation, ex.Error);
        Assert.Contains("relocation R_PPC64_REL24 against 'helper_fn'", ex.Message);
        Assert.Contains("must switch TOC through a stub", ex.Message);
        Assert.DoesNotContain(h.Loader.Loaded, o => o.Name == "external.o");
    }

    [Fact]
    public void A_high_half_above_4_gib_overflows_naming_the_type()
    {
        using var h = new Ppc64LoadHarness(_cache.Compiler);
        var elf = h.Compile("overflow.S");
        Assert.True(ReadElf.HasType(ReadElf.Relocations(elf), "R_PPC64_ADDR16_HI"));

        var ex = Assert.Throws<LoaderException>(() => h.Loader.Load(elf, "overflow.o", Ppc64LoadHarness.FixtureBase, h.Relocator));

        Assert.Equal(LoaderError.RelocationOverflow, ex.Error);
        Assert.Contains("relocation R_PPC64_ADDR16_HI against 'host_far' at .text+0x2 out of range", ex.Message);
        Assert.Contains("a signed 32-bit field", ex.Message);
        Assert.False(h.Engine.TryRead(Ppc64LoadHarness.FixtureBase, new byte[1]));
    }

    [Fact]
    public void A_ds_displacement_that_is_not_a_multiple_of_4_is_refused()
    {
        using var h = new Ppc64LoadHarness(_cache.Compiler);
        var elf = h.Compile("misaligned.S");
        Assert.True(ReadElf.HasType(ReadElf.Relocations(elf), "R_PPC64_ADDR16_DS"));

        var ex = Assert.Throws<LoaderException>(() => h.Loader.Load(elf, "misaligned.o", Ppc64LoadHarness.FixtureBase, h.Relocator));

        Assert.Equal(LoaderError.MisalignedRelocation, ex.Error);
        Assert.Contains("relocation R_PPC64_ADDR16_DS against 'host_odd' at .text+0x2", ex.Message);
        Assert.Contains("is not a multiple of 4", ex.Message);
    }

    [Fact]
    public void A_tls_relocation_is_named_and_refused()
    {
        using var h = new Ppc64LoadHarness(_cache.Compiler);
        h.LoadHelper();
        var elf = h.Compile("tls.S");
        Assert.True(ReadElf.HasType(ReadElf.Relocations(elf), "R_PPC64_TPREL16_HA"));

        var ex = Assert.Throws<LoaderException>(() => h.Loader.Load(elf, "tls.o", Ppc64LoadHarness.FixtureBase, h.Relocator));

        Assert.Equal(LoaderError.UnknownRelocation, ex.Error);
        Assert.Contains("unsupported relocation R_PPC64_TPREL16_HA (type 72) against 'helper_value'", ex.Message);
    }

    [Fact]
    public void A_type_without_an_elf_name_is_reported_by_number()
    {
        var relocator = new Relocations();
        Assert.Equal("type 200", relocator.TypeName(200));
        Assert.Equal("R_PPC64_ADDR30", relocator.TypeName(37));
        Assert.False(RelocatorProbe.Implements(relocator, 37, ByteOrder.BigEndian));
    }

    private static RelocationCase P(string type, string fixture, string probe, Func<Loaded, ulong> expected, int width = 0, ulong? argument = null) =>
        new("ppc64", type, fixture, argument is { } a ? $"{probe}({a})" : probe, width, expected);

    private static string Probe(RelocationCase c) => c.Probe.Split('(')[0];

    private static ulong[] Arguments(RelocationCase c) =>
        c.Probe.Contains('(') ? [ulong.Parse(c.Probe.Split('(', ')')[1], System.Globalization.CultureInfo.InvariantCulture)] : [];
}
