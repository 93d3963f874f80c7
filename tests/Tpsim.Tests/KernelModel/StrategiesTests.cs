using Tpsim.KernelSim.Memory;
using Tpsim.KernelSim.Strategies;
using Tpsim.KernelSim.Tracepoints;
using Xunit;

namespace Tpsim.Tests.KernelModel;

public sealed class StrategiesTests
{
    [Fact]
    public void Contract_order_and_default()
    {
        Assert.Equal(["fail", "nofail", "sentinel", "stub", "double-array", "typed-stub", "skip"], Strategies.Names);
        Assert.Equal("stub", Strategies.Default.Name);
        Assert.Same(Strategies.All[3], Strategies.Default);
        Assert.True(Strategies.TryGet("typed-stub", out var s));
        Assert.IsType<TypedStubStrategy>(s);
        Assert.False(Strategies.TryGet("Stub", out _));
        Assert.False(Strategies.TryGet("nope", out _));
    }

    [Fact]
    public void Descriptions_are_filled_in()
    {
        foreach (var s in Strategies.All)
        {
            Assert.False(string.IsNullOrWhiteSpace(s.Origin), s.Name);
            Assert.False(string.IsNullOrWhiteSpace(s.Summary), s.Name);
            Assert.NotNull(s.Simplification);
        }
        Assert.Equal("", Strategies.Stub.Simplification);
        Assert.Equal("", Strategies.Fail.Simplification);
    }

    [Fact]
    public void Knobs_match_background_table()
    {
        var tp = new Tracepoint("t", 2, 0x1000, 0x7000);
        Assert.Equal(0x5000UL, Strategies.Stub.Placeholder(0x5000, tp));
        Assert.Equal(0x7000UL, Strategies.TypedStub.Placeholder(0x5000, tp));
        Assert.Equal(TracepointLayout.SkipMarker, Strategies.Sentinel.Placeholder(0x5000, tp));
        Assert.Equal(TracepointLayout.SkipMarker, Strategies.Skip.Placeholder(0x5000, tp));
        Assert.Equal(0UL, Strategies.Fail.Placeholder(0x5000, tp));
        Assert.Equal(0UL, Strategies.NoFail.Placeholder(0x5000, tp));
        Assert.Equal(0UL, Strategies.DoubleArray.Placeholder(0x5000, tp));
        Assert.Equal(IteratorVariant.Sentinel, Strategies.Sentinel.Iterator);
        Assert.Equal(IteratorVariant.Skip, Strategies.Skip.Iterator);
        Assert.All(new[] { Strategies.Fail, Strategies.NoFail, Strategies.Stub, Strategies.DoubleArray, Strategies.TypedStub }, s => Assert.Equal(IteratorVariant.Kernel, s.Iterator));
        Assert.True(Strategies.Fail.UnregisterCanFail);
        Assert.False(Strategies.Stub.UnregisterCanFail);
        Assert.True((Strategies.NoFail.RemovalFlags & GfpFlags.NoFail) != 0);
        Assert.True(Strategies.NoFail.RemovalMaySleep);
    }
}
