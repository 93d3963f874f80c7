using Tpsim.Emulator.Loading;
using Xunit;

namespace Tpsim.Tests.Emulator.Loading;

/// <summary>
/// For every claimed relocation type: llvm-readelf-19 confirms the compiled fixture contains it, the
/// loader places the fixture next to a helper object in a real Unicorn engine, and running the probe
/// (or reading the data slot) yields the resolved value.
/// </summary>
public sealed class RelocationTests : IClassFixture<TempCache>
{
    private readonly TempCache _cache;

    public RelocationTests(TempCache cache) => _cache = cache;

    [Theory]
    [MemberData(nameof(RelocationCases.Ids), MemberType = typeof(RelocationCases))]
    public void Relocation_is_emitted_by_clang_and_applied(string id)
    {
        var c = RelocationCases.ById(id);
        using var h = new LoadHarness(IsaUnderTest.ByName(c.Isa), _cache.Compiler);
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
    public void Every_type_a_relocator_implements_is_claimed_by_a_case()
    {
        // The switch arms of each relocator, as the names it gives; NONE needs no fixture.
        var claimed = RelocationCases.All.Select(c => c.Type).ToHashSet();
        foreach (var isa in new[] { IsaUnderTest.X86_64, IsaUnderTest.Arm64, IsaUnderTest.Riscv64, IsaUnderTest.I386 })
        {
            var implemented = Enumerable.Range(1, 1024)
                .Select(t => (uint)t)
                .Where(t => RelocatorProbe.Implements(isa.Relocator, t))
                .Select(isa.Relocator.TypeName)
                .ToList();
            var unclaimed = implemented.Where(name => !claimed.Contains(name)).ToList();
            Assert.True(unclaimed.Count == 0, $"{isa.Name} implements types no case covers: {string.Join(", ", unclaimed)}");
        }
    }
}
