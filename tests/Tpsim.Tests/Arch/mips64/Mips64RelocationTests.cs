using Tpsim.Emulator.Loading;
using Tpsim.Emulator.Memory;
using Tpsim.Emulator.Toolchain;
using Xunit;

namespace Tpsim.Tests.Arch.Mips64;

/// <summary>
/// Every relocation type the mips64 relocator claims: llvm-readelf-19 confirms the big-endian n64 fixture
/// carries it, the loader places the fixture next to a helper object in a real MIPS64 engine, and the
/// CPU, running the probe function, sees the resolved value; its big-endian loads read the fields back in
/// the order the loader wrote them. Then the refusals: a composed PIC triple, a jal out of its 256 MB
/// region, a misaligned jal.
/// </summary>
public sealed class Mips64RelocationTests : IClassFixture<TempCache>
{
    private const ulong Q1 = 0x99aabbccddeeff00;
    private const ulong Q2 = 0x0123456789abcdef;

    private readonly TempCache _cache;

    public Mips64RelocationTests(TempCache cache) => _cache = cache;

    public static readonly IReadOnlyList<RelocationCase> Cases =
    [
        // hand-written
        M("R_MIPS_HI16", "relocs.S", "r_hi16", l => l.Hv + 8),
        M("R_MIPS_LO16", "relocs.S", "r_hi16", l => l.Hv + 8),
        M("R_MIPS_HI16", "relocs.S", "r_hi16_carry", l => l.Hv + 0x8000),
        M("R_MIPS_LO16", "relocs.S", "r_lo16_load", _ => Q1),
        M("R_MIPS_HIGHEST", "relocs.S", "r_highest", l => l.Hv + 16),
        M("R_MIPS_HIGHER", "relocs.S", "r_highest", l => l.Hv + 16),
        M("R_MIPS_HIGHEST", "relocs.S", "r_highest_far", _ => Mips64LoadHarness.HostHigh),
        M("R_MIPS_HIGHER", "relocs.S", "r_highest_far", _ => Mips64LoadHarness.HostHigh),
        M("R_MIPS_26", "relocs.S", "r_26", _ => 43),
        M("R_MIPS_26", "relocs.S", "r_26_tail", _ => 42),
        M("R_MIPS_PC16", "relocs.S", "r_pc16", _ => 7),
        M("R_MIPS_PC16", "relocs.S", "r_pc16_bal", _ => 9),
        M("R_MIPS_JALR", "relocs.S", "r_jalr", _ => 45),
        M("R_MIPS_64", "relocs.S", "r_64", l => l.Hv + 8),
        M("R_MIPS_32", "relocs.S", "r_32", _ => Mips64LoadHarness.HostLow),
        M("R_MIPS_PC32", "relocs.S", "r_pc32", l => (l.Hv - l.Fn("d_pc32")) & 0xffff_ffff),
        M("R_MIPS_16", "relocs.S", "r_16", _ => Mips64LoadHarness.HostSmall),
        // as clang -O2 emits them for the kernel's flags (no -msym32: the full 64-bit sequence)
        M("R_MIPS_HIGHEST", "relocs.c", "c_address", l => l.Hv + 8),
        M("R_MIPS_LO16", "relocs.c", "c_load", _ => Q2),
        M("R_MIPS_HI16", "relocs.c", "c_call", _ => 43),
        M("R_MIPS_64", "relocs.c", "c_table", l => l.Hv + 24, width: 8),
    ];

    public static TheoryData<string> Ids => RelocatorProbe.Ids(Cases);

    [Theory]
    [MemberData(nameof(Ids))]
    public void Relocation_is_emitted_by_clang_and_applied_big_endian(string id)
    {
        var c = Cases.Single(x => x.Id == id);
        using var h = new Mips64LoadHarness(_cache.Compiler);
        var obj = h.Compile(c.Fixture);
        var readelf = ReadElf.Relocations(obj);
        Assert.True(Mips64LoadHarness.HasType(readelf, c.Type), $"llvm-readelf-19 -r shows no {c.Type} in {c.Fixture}:\n{readelf}");

        var helper = h.LoadHelper();
        var fixture = h.Loader.Load(obj, Path.ChangeExtension(c.Fixture, ".o"), Mips64LoadHarness.FixtureBase, h.Backend.Relocator);
        var loaded = new Loaded(helper, fixture);
        var actual = c.Width == 0
            ? h.Call(fixture.Symbol(c.Probe))
            : h.ReadUnsigned(fixture.Symbol(c.Probe), c.Width);

        Assert.Equal($"0x{c.Expected(loaded):x}", $"0x{actual:x}");
    }

    [Fact]
    public void Every_type_the_mips64_relocator_implements_is_claimed_by_a_case()
    {
        RelocatorProbe.AssertEveryTypeClaimed("mips64", new global::Tpsim.Arch.Mips64.Relocations(), Cases, ByteOrder.BigEndian, maxType: 255);
    }

    [Fact]
    public void Gcc_objects_use_sym32_hi16_lo16_and_run_the_same()
    {
        // GCC takes -msym32 (KBUILD_SYM32): 32-bit addresses built by lui and daddiu, no %highest/%higher.
        using var h = new Mips64LoadHarness(_cache.Compiler);
        var gcc = new BuildSpec(CompilerKind.Gcc, BuildConfigs.Default);
        var elf = h.Compile("relocs.c", gcc);
        var readelf = ReadElf.Relocations(elf);
        Assert.True(Mips64LoadHarness.HasType(readelf, "R_MIPS_HI16"), readelf);
        Assert.True(Mips64LoadHarness.HasType(readelf, "R_MIPS_LO16"), readelf);
        Assert.True(Mips64LoadHarness.HasType(readelf, "R_MIPS_64"), readelf);
        Assert.False(Mips64LoadHarness.HasType(readelf, "R_MIPS_HIGHEST"), readelf);
        var helper = h.LoadHelper();
        var fixture = h.Loader.Load(elf, "relocs.o", Mips64LoadHarness.FixtureBase, h.Backend.Relocator);
        Assert.Equal(43UL, h.Call(fixture.Symbol("c_call")));
        Assert.Equal(Q2, h.Call(fixture.Symbol("c_load")));
        Assert.Equal(helper.Symbol("helper_value") + 8, h.Call(fixture.Symbol("c_address")));
        Assert.Equal(helper.Symbol("helper_value") + 24, h.ReadUnsigned(fixture.Symbol("c_table"), 8));
    }

    [Fact]
    public void A_big_endian_n64_object_is_read_as_llvm_readelf_sees_it()
    {
        using var h = new Mips64LoadHarness(_cache.Compiler);
        var elf = h.Compile("relocs.S");
        var header = ReadElf.Run("-h", elf);
        Assert.Matches(@"Data:\s+2's complement, big endian", header);
        Assert.Matches(@"Class:\s+ELF64", header);
        Assert.Matches(@"Machine:\s+MIPS R3000", header);
        // r_info packs r_sym, r_ssym, r_type3, r_type2, r_type: the type word the loader sees is the last four bytes.
        Assert.Contains("R_MIPS_HIGHEST/R_MIPS_NONE/R_MIPS_NONE", ReadElf.Relocations(elf));

        var helper = h.LoadHelper();
        var obj = h.Loader.Load(elf, "relocs.o", Mips64LoadHarness.FixtureBase, h.Backend.Relocator);

        Assert.Equal((ushort)8, obj.Machine);
        Assert.True(obj.Symbol("near_fn") > obj.Symbol("r_16"));
        Assert.Equal(obj.Section(".data").Address, obj.Symbol("d_64"));
        Assert.Equal(helper.Symbol("helper_value") + 8, h.ReadUnsigned(obj.Symbol("d_64"), 8));
    }

    [Fact]
    public void A_composed_pic_triple_is_refused_naming_all_three_types()
    {
        using var h = new Mips64LoadHarness(_cache.Compiler);
        h.LoadHelper();
        var gcc = new BuildSpec(CompilerKind.Gcc, BuildConfigs.Default);
        var elf = h.Compile("got.c", gcc, "-mabicalls", "-fPIC");
        var readelf = ReadElf.Relocations(elf);
        Assert.Contains("R_MIPS_GPREL16/R_MIPS_SUB/R_MIPS_HI16", readelf);
        Assert.True(Mips64LoadHarness.HasType(readelf, "R_MIPS_GOT_DISP"), readelf);

        var ex = Assert.Throws<LoaderException>(() => h.Loader.Load(elf, "got.o", Mips64LoadHarness.FixtureBase, h.Backend.Relocator));

        Assert.Equal(LoaderError.UnknownRelocation, ex.Error);
        Assert.Contains("unsupported relocation R_MIPS_GPREL16/R_MIPS_SUB/R_MIPS_HI16", ex.Message);
        Assert.DoesNotContain(h.Loader.Loaded, o => o.Name == "got.o");
    }

    [Fact]
    public void A_got_type_alone_is_refused_by_name()
    {
        var relocator = new global::Tpsim.Arch.Mips64.Relocations();
        var relocation = new Relocation(19, 0, 0x1000, 0x2000, 0, "helper_value");
        var bytes = new byte[8];
        var ex = Assert.Throws<LoaderException>(() =>
        {
            var context = new RelocationContext("got.o", ".text", bytes, [relocation], relocation, relocator.TypeName(19), ByteOrder.BigEndian);
            relocator.Apply(in context);
        });
        Assert.Equal(LoaderError.UnknownRelocation, ex.Error);
        Assert.Contains("unsupported relocation R_MIPS_GOT_DISP (type 19) against 'helper_value'", ex.Message);
    }

    [Fact]
    public void A_jal_outside_its_256_mb_region_overflows_naming_the_type()
    {
        using var h = new Mips64LoadHarness(_cache.Compiler);
        var elf = h.Compile("overflow.S");
        Assert.True(Mips64LoadHarness.HasType(ReadElf.Relocations(elf), "R_MIPS_26"));

        var ex = Assert.Throws<LoaderException>(() => h.Loader.Load(elf, "overflow.o", Mips64LoadHarness.FixtureBase, h.Backend.Relocator));

        Assert.Equal(LoaderError.RelocationOverflow, ex.Error);
        Assert.Contains("relocation R_MIPS_26 against 'host_far' at .text+0x0 out of range", ex.Message);
        Assert.False(h.Engine.TryRead(Mips64LoadHarness.FixtureBase, new byte[1]));
    }

    [Fact]
    public void A_jal_to_a_misaligned_target_is_refused()
    {
        using var h = new Mips64LoadHarness(_cache.Compiler);
        h.LoadHelper();
        var elf = h.Compile("misaligned.S");

        var ex = Assert.Throws<LoaderException>(() => h.Loader.Load(elf, "misaligned.o", Mips64LoadHarness.FixtureBase, h.Backend.Relocator));

        Assert.Equal(LoaderError.MisalignedRelocation, ex.Error);
        Assert.Contains("relocation R_MIPS_26 against 'helper_fn' at .text+0x0", ex.Message);
        Assert.Contains("is not a multiple of 4", ex.Message);
    }

    [Fact]
    public void Type_names_unpack_the_n64_triple()
    {
        var relocator = new global::Tpsim.Arch.Mips64.Relocations();
        Assert.Equal("R_MIPS_HI16", relocator.TypeName(5));
        Assert.Equal("R_MIPS_GPREL16/R_MIPS_SUB/R_MIPS_HI16", relocator.TypeName(0x05_18_07));
        Assert.Equal("type 200", relocator.TypeName(200));
        Assert.Equal("R_MIPS_PC21_S2", relocator.TypeName(60));
        Assert.False(RelocatorProbe.Implements(relocator, 60, ByteOrder.BigEndian));
    }

    private static RelocationCase M(string type, string fixture, string probe, Func<Loaded, ulong> expected, int width = 0) =>
        new("mips64", type, fixture, probe, width, expected);
}
