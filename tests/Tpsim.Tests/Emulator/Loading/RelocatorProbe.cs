using Tpsim.Emulator.Loading;
using Tpsim.Emulator.Memory;
using Xunit;

namespace Tpsim.Tests.Emulator.Loading;

/// <summary>Which relocation types a relocator implements, found by asking it, so every one must be claimed by a test case.</summary>
public static class RelocatorProbe
{
    /// <summary>
    /// Applies <paramref name="type"/> against an empty section: an implemented type fails on the field bounds
    /// (TPL009) or a range check, an unimplemented one with TPL002 before touching anything. Types that touch
    /// nothing (NONE, mips64 JALR) apply cleanly and count as implemented.
    /// </summary>
    public static bool Implements(IRelocator relocator, uint type, ByteOrder order = ByteOrder.LittleEndian)
    {
        ArgumentNullException.ThrowIfNull(relocator);
        var relocation = new Relocation(type, 0, 0x1000, 0, 0, "probe");
        try
        {
            var context = new RelocationContext("probe.o", ".text", Span<byte>.Empty, [relocation], relocation, relocator.TypeName(type), order);
            relocator.Apply(in context);
            return true;
        }
        catch (LoaderException ex)
        {
            return ex.Error != LoaderError.UnknownRelocation;
        }
    }

    /// <summary>Fails unless the relocator implements some type in 1..<paramref name="maxType"/> and <paramref name="cases"/> claims every one.</summary>
    public static void AssertEveryTypeClaimed(string isa, IRelocator relocator, IEnumerable<RelocationCase> cases, ByteOrder order, int maxType = 1024)
    {
        var claimed = cases.Select(c => c.Type).ToHashSet();
        var implemented = Enumerable.Range(1, maxType).Select(t => (uint)t).Where(t => Implements(relocator, t, order)).Select(relocator.TypeName).ToList();
        Assert.NotEmpty(implemented);
        var unclaimed = implemented.Where(name => !claimed.Contains(name)).ToList();
        Assert.True(unclaimed.Count == 0, $"{isa} implements types no case covers: {string.Join(", ", unclaimed)}");
    }

    /// <summary>The cases' ids, for <c>[MemberData]</c>.</summary>
    public static TheoryData<string> Ids(IEnumerable<RelocationCase> cases)
    {
        var data = new TheoryData<string>();
        foreach (var c in cases)
        {
            data.Add(c.Id);
        }
        return data;
    }
}
