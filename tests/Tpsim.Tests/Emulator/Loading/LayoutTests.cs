using Tpsim.Emulator.Loading;
using Tpsim.Emulator.Memory;
using Tpsim.Emulator.Unicorn;
using Xunit;

namespace Tpsim.Tests.Emulator.Loading;

/// <summary>Section placement, page protections, symbols and .bss as the guest sees them.</summary>
public sealed class LayoutTests : IClassFixture<TempCache>
{
    private readonly TempCache _cache;

    public LayoutTests(TempCache cache) => _cache = cache;

    [Theory]
    [MemberData(nameof(IsaUnderTest.Names), MemberType = typeof(IsaUnderTest))]
    public void Sections_are_placed_text_then_rodata_then_data_then_bss_each_aligned(string isa)
    {
        using var h = new LoadHarness(IsaUnderTest.ByName(isa), _cache.Compiler);
        var obj = h.LoadFixture("layout.c");

        var kinds = obj.Sections.Select(Kind).ToList();
        Assert.Equal(kinds.Order().ToList(), kinds);
        Assert.Contains(0, kinds);
        Assert.Contains(1, kinds);
        Assert.Contains(2, kinds);
        Assert.Contains(3, kinds);
        Assert.All(obj.Sections, s => Assert.Equal(0UL, s.Address % s.Alignment));
        Assert.All(obj.Sections, s => Assert.True(obj.Range.Contains(s.Address) && s.Range.End <= obj.Range.End, $"{s.Name} outside {obj.Range}"));
        var ordered = obj.Sections.Zip(obj.Sections.Skip(1));
        Assert.All(ordered, pair => Assert.True(pair.First.Range.End <= pair.Second.Address, $"{pair.First.Name} overlaps {pair.Second.Name}"));
        Assert.Equal(obj.Sections.Where(s => s.IsExecutable).Select(s => s.Range), obj.ExecutableRanges);
        Assert.All(obj.ExecutableRanges, r => Assert.True(obj.IsExecutable(r.Start)));
    }

    [Theory]
    [MemberData(nameof(IsaUnderTest.Names), MemberType = typeof(IsaUnderTest))]
    public void Regions_are_page_separate_with_text_rx_rodata_r_and_data_rw(string isa)
    {
        using var h = new LoadHarness(IsaUnderTest.ByName(isa), _cache.Compiler);
        var obj = h.LoadFixture("layout.c");

        Assert.Equal([UcProt.Read | UcProt.Exec, UcProt.Read, UcProt.Read | UcProt.Write], obj.Regions.Select(r => r.Protection));
        Assert.All(obj.Regions, r => Assert.True(Pages.IsAligned(r.Address) && Pages.IsAligned(r.Size) && r.Size > 0));
        Assert.Equal(obj.Base, obj.Regions[0].Address);
        Assert.All(obj.Regions.Zip(obj.Regions.Skip(1)), p => Assert.Equal(p.First.Range.End, p.Second.Address));
        Assert.Equal(obj.Regions[^1].Range.End - obj.Base, obj.Size);
        Assert.True(Pages.IsAligned(obj.Size));
        foreach (var section in obj.Sections.Where(s => s.Size > 0))
        {
            var region = obj.Regions.Single(r => r.Range.Contains(section.Address));
            Assert.Equal(section.IsExecutable, region.Protection.HasFlag(UcProt.Exec));
            Assert.Equal(section.IsWritable, region.Protection.HasFlag(UcProt.Write));
        }
    }

    [Theory]
    [MemberData(nameof(IsaUnderTest.Names), MemberType = typeof(IsaUnderTest))]
    public void Guest_writes_to_text_or_rodata_and_jumps_into_data_fault(string isa)
    {
        using var h = new LoadHarness(IsaUnderTest.ByName(isa), _cache.Compiler);
        var obj = h.LoadFixture("layout.c");

        Assert.Equal(UcError.WriteProt, h.Run(obj.Symbol("poke_text")));
        Assert.Equal(UcError.WriteProt, h.Run(obj.Symbol("poke_rodata")));
        Assert.Equal(UcError.FetchProt, h.Run(obj.Symbol("jump_data")));
    }

    [Theory]
    [MemberData(nameof(IsaUnderTest.Names), MemberType = typeof(IsaUnderTest))]
    public void Data_is_initialised_and_bss_zero_filled(string isa)
    {
        using var h = new LoadHarness(IsaUnderTest.ByName(isa), _cache.Compiler);
        var obj = h.LoadFixture("layout.c");

        // initialized (7) + table[2] (3) + counter (0) + big_bss[4096] (0)
        Assert.Equal(10UL, h.Call(obj.Symbol("get_value")) & 0xffff_ffff);
        h.Call(obj.Symbol("set_counter"), 5);
        Assert.Equal(20UL, h.Call(obj.Symbol("get_value")) & 0xffff_ffff);
        Assert.Contains(obj.Sections, s => s.IsNoBits && s.Size >= 8192);
        var nonZero = 0;
        foreach (var bss in obj.Sections.Where(s => s.IsNoBits))
        {
            var bytes = new byte[bss.Size];
            h.Engine.Read(bss.Address, bytes);
            nonZero += bytes.Count(b => b != 0);
        }
        Assert.Equal(2, nonZero); // counter's low byte and big_bss[4096], both 5
    }

    [Theory]
    [MemberData(nameof(IsaUnderTest.Names), MemberType = typeof(IsaUnderTest))]
    public void Locals_are_listed_and_only_globals_are_exported(string isa)
    {
        using var h = new LoadHarness(IsaUnderTest.ByName(isa), _cache.Compiler);
        var obj = h.LoadFixture("layout.c");

        foreach (var name in new[] { "local_helper", "counter", "get_value", "table", "initialized", "big_bss" })
        {
            Assert.True(obj.Symbols.ContainsKey(name), $"{name} missing from {string.Join(", ", obj.Symbols.Keys)}");
        }
        Assert.True(obj.IsExecutable(obj.Symbol("local_helper")));
        Assert.Equal(obj.Symbol("get_value"), h.Symbols.Resolve("get_value"));
        Assert.Equal("layout.o", h.Symbols.OwnerOf("get_value"));
        Assert.Null(h.Symbols.OwnerOf("local_helper"));
        Assert.Null(h.Symbols.OwnerOf("counter"));
        Assert.Contains("table", obj.ExportedSymbols);
        Assert.DoesNotContain("local_helper", obj.ExportedSymbols);

        var ex = Assert.Throws<LoaderException>(() => obj.Symbol("no_such_symbol"));
        Assert.Equal(LoaderError.UnknownSymbol, ex.Error);
        Assert.Contains("layout.o", ex.Message);
        Assert.Contains("no_such_symbol", ex.Message);
    }

    [Theory]
    [MemberData(nameof(IsaUnderTest.Names), MemberType = typeof(IsaUnderTest))]
    public void Undefined_weak_symbol_resolves_to_zero(string isa)
    {
        // A data reference: from C, clang reaches an undefined weak symbol through the GOT on arm64
        // and riscv64 (it may be 0, out of ADRP/AUIPC range), which no kernel module loader provides.
        using var h = new LoadHarness(IsaUnderTest.ByName(isa), _cache.Compiler);
        var word = h.Isa.PointerSize == 4 ? ".long" : ".quad";
        var elf = h.CompileText(
            $"    .weak maybe_there\n    .data\n    .globl weak_slot\nweak_slot:\n    {word} maybe_there + 5\n",
            global::Tpsim.Emulator.Toolchain.SourceLanguage.Asm, "weak.S");
        var obj = h.Loader.Load(elf, "weak.o", h.Isa.FixtureBase, h.Isa.Relocator);

        Assert.Equal(5UL, h.ReadUnsigned(obj.Symbol("weak_slot"), h.Isa.PointerSize));
        Assert.False(h.Symbols.TryResolve("maybe_there", out _));
    }

    /// <summary>0 text, 1 read-only data, 2 data, 3 .bss: the order the kernel lays a module out in.</summary>
    private static int Kind(LoadedSection s) =>
        s.IsExecutable ? 0 : !s.IsWritable ? 1 : s.IsNoBits ? 3 : 2;
}
