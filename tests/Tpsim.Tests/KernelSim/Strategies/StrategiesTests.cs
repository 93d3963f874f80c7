using Tpsim.KernelSim.Memory;
using Tpsim.KernelSim.Strategies;
using Tpsim.KernelSim.Tracepoints;
using Xunit;

namespace Tpsim.Tests.KernelSim.Strategies;

public sealed class StrategiesTests
{
    [Fact]
    public void Contract_order_and_default()
    {
        Assert.Equal(["fail", "nofail", "sentinel", "stub", "double-array", "typed-stub", "skip", "skip-fixed"], KernelStrategies.Names);
        Assert.Equal("stub", KernelStrategies.Default.Name);
        Assert.Same(KernelStrategies.All[3], KernelStrategies.Default);
        Assert.True(KernelStrategies.TryGet("typed-stub", out var s));
        Assert.IsType<TypedStubStrategy>(s);
        Assert.False(KernelStrategies.TryGet("Stub", out _));
        Assert.False(KernelStrategies.TryGet("nope", out _));
    }

    [Fact]
    public void Descriptions_are_filled_in()
    {
        foreach (var s in KernelStrategies.All)
        {
            Assert.False(string.IsNullOrWhiteSpace(s.Origin), s.Name);
            Assert.False(string.IsNullOrWhiteSpace(s.Summary), s.Name);
            Assert.NotNull(s.Simplification);
        }
        Assert.Equal("", KernelStrategies.Stub.Simplification);
        Assert.Equal("", KernelStrategies.Fail.Simplification);
    }

    [Fact]
    public void Knobs_match_background_table()
    {
        var tp = new Tracepoint("t", 2, 0x1000, 0x7000);
        Assert.Equal(0x5000UL, KernelStrategies.Stub.Placeholder(0x5000, tp));
        Assert.Equal(0x7000UL, KernelStrategies.TypedStub.Placeholder(0x5000, tp));
        Assert.Equal(TracepointLayout.SkipMarker, KernelStrategies.Sentinel.Placeholder(0x5000, tp));
        Assert.Equal(TracepointLayout.SkipMarker, KernelStrategies.Skip.Placeholder(0x5000, tp));
        Assert.Equal(0UL, KernelStrategies.Fail.Placeholder(0x5000, tp));
        Assert.Equal(0UL, KernelStrategies.NoFail.Placeholder(0x5000, tp));
        Assert.Equal(0UL, KernelStrategies.DoubleArray.Placeholder(0x5000, tp));
        Assert.Equal(IteratorVariant.Sentinel, KernelStrategies.Sentinel.Iterator);
        Assert.Equal(IteratorVariant.Skip, KernelStrategies.Skip.Iterator);
        Assert.All(new[] { KernelStrategies.Fail, KernelStrategies.NoFail, KernelStrategies.Stub, KernelStrategies.DoubleArray, KernelStrategies.TypedStub }, s => Assert.Equal(IteratorVariant.Kernel, s.Iterator));
        Assert.True((KernelStrategies.NoFail.RemovalFlags & GfpFlags.NoFail) != 0);
        // v2 kept v1's __GFP_NOFAIL; the sentinel is only its fallback.
        Assert.True((KernelStrategies.Sentinel.RemovalFlags & GfpFlags.NoFail) != 0);
        Assert.Equal(GfpFlags.Kernel, KernelStrategies.Stub.RemovalFlags);
    }
}
