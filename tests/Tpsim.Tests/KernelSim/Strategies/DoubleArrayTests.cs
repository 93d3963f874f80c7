using Tpsim.KernelSim.Kernel;
using Tpsim.KernelSim.Strategies;
using Tpsim.KernelSim.Tracepoints;
using Xunit;

namespace Tpsim.Tests.KernelSim.Strategies;

/// <summary>double-array as v5 posted it: (n + 3) * 2 entries with a header per half; removal never allocates.</summary>
public sealed class DoubleArrayTests
{
    private const int Entry = TracepointLayout.FuncEntrySize;

    private static ulong P(int n) => KernelHarness.Probe(n);

    private static KernelHarness WithProbes(int count)
    {
        var h = new KernelHarness(KernelStrategies.DoubleArray);
        for (var i = 1; i <= count; i++)
        {
            Assert.Equal(0, h.Model.Register(h.Tp, P(i), 0));
        }
        h.Rcu.GracePeriod();
        return h;
    }

    [Fact]
    public void Func_add_allocates_n_plus_3_entries_twice_with_a_header_pointing_at_the_other_half()
    {
        using var h = WithProbes(2);
        // The second add saw n = 1 probe: (1 + 3) * 2 entries.
        var allocation = h.Model.AllocationOf(h.Tp);
        Assert.Equal((ulong)(TracepointLayout.RcuHeadSize + (1 + 3) * 2 * Entry), h.Heap.SizeOf(allocation));
        var front = h.Model.ArrayPointer(h.Tp);
        Assert.Equal(allocation + TracepointLayout.RcuHeadSize + Entry, front);
        var header = front - Entry;
        var other = front + 3 * Entry;
        Assert.Equal(other, h.Engine.ReadUInt64(header));
        Assert.Equal(header, h.Engine.ReadUInt64(other));
    }

    [Fact]
    public void Removal_never_allocates_so_an_injected_failure_lands_on_the_next_add()
    {
        using var h = WithProbes(3);
        var front = h.Model.ArrayPointer(h.Tp);
        var allocation = h.Model.AllocationOf(h.Tp);
        var allocations = h.Heap.AllocationCount;
        h.Heap.Faults.FailNext(1);
        var mark = h.Dmesg.Count;

        Assert.Equal(0, h.Model.Unregister(h.Tp, P(2), 0));

        Assert.Equal(allocations, h.Heap.AllocationCount);
        var other = h.Model.ArrayPointer(h.Tp);
        // The second add saw n = 2: halves of 5 entries, the header first.
        Assert.Equal(front + 5 * Entry, other);
        Assert.Equal(allocation, h.Model.AllocationOf(h.Tp));
        Assert.Equal([P(1), P(3)], h.Funcs());
        // The old half is untouched for readers still in it.
        Assert.Equal(P(2), h.Engine.ReadUInt64(front + Entry));
        Assert.DoesNotContain(h.Dmesg.Since(mark), m => m.Kind is "forced-synchronize" or "alloc-failed");
        Assert.Contains(h.Dmesg.Since(mark), m => m.Kind == "spare-half");
        Assert.Empty(h.Model.Sleeps);

        Assert.Equal(-Errno.ENOMEM, h.Model.Register(h.Tp, P(4), 0));
    }

    [Fact]
    public void A_second_removal_within_a_grace_period_synchronizes_first()
    {
        using var h = WithProbes(3);
        var front = h.Model.ArrayPointer(h.Tp);
        Assert.Equal(0, h.Model.Unregister(h.Tp, P(1), 0));
        var gp = h.Rcu.CompletedGracePeriods;
        var mark = h.Dmesg.Count;

        Assert.Equal(0, h.Model.Unregister(h.Tp, P(2), 0));

        Assert.Single(h.Dmesg.Since(mark), m => m.Kind == "forced-synchronize");
        Assert.Equal(["synchronize_srcu", "synchronize_rcu"], h.Model.Sleeps);
        Assert.Equal(gp + 1, h.Rcu.CompletedGracePeriods);
        Assert.Equal(front, h.Model.ArrayPointer(h.Tp));
        Assert.Equal([P(3)], h.Funcs());
    }

    /// <summary>Negative control of the one above: with a grace period in between, the same removals never wait.</summary>
    [Fact]
    public void No_synchronize_when_a_grace_period_passed_in_between()
    {
        using var h = WithProbes(4);
        Assert.Equal(0, h.Model.Unregister(h.Tp, P(1), 0));
        h.Rcu.GracePeriod();
        var gp = h.Rcu.CompletedGracePeriods;
        var mark = h.Dmesg.Count;

        Assert.Equal(0, h.Model.Unregister(h.Tp, P(2), 0));

        Assert.DoesNotContain(h.Dmesg.Since(mark), m => m.Kind == "forced-synchronize");
        Assert.Empty(h.Model.Sleeps);
        Assert.Equal(gp, h.Rcu.CompletedGracePeriods);
        Assert.Equal([P(3), P(4)], h.Funcs());
    }

    [Fact]
    public void Removing_the_last_probe_frees_both_halves_at_the_next_grace_period()
    {
        using var h = WithProbes(2);
        var allocation = h.Model.AllocationOf(h.Tp);
        Assert.Equal(0, h.Model.Unregister(h.Tp, P(1), 0));
        Assert.Equal(allocation, h.Model.AllocationOf(h.Tp));
        Assert.Equal(0, h.Model.Unregister(h.Tp, P(2), 0));
        Assert.Equal(0UL, h.Model.ArrayPointer(h.Tp));
        Assert.True(h.Heap.IsLive(allocation));
        h.Rcu.GracePeriod();
        Assert.False(h.Heap.IsLive(allocation));
    }

    [Fact]
    public void Strategy_names_the_v5_mail()
    {
        var s = KernelStrategies.DoubleArray;
        Assert.Equal(2, s.CapacityFactor);
        Assert.Equal(RemovalFailurePolicy.SpareHalf, s.OnRemovalFailure);
        Assert.Contains("20210127170721.58bce7cc", s.Origin, StringComparison.Ordinal);
    }
}
