using Tpsim.KernelSim.Kernel;
using Tpsim.KernelSim.Strategies;
using Tpsim.KernelSim.Tracepoints;
using Xunit;

namespace Tpsim.Tests.KernelSim.Strategies;

public sealed class DoubleArrayTests
{
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
    public void Arrays_have_room_for_twice_their_entries()
    {
        using var h = WithProbes(2);
        // 3 entries (two probes and NULL) per half.
        Assert.Equal((ulong)(TracepointLayout.RcuHeadSize + 2 * 3 * TracepointLayout.FuncEntrySize), h.Heap.SizeOf(h.Model.AllocationOf(h.Tp)));
    }

    [Fact]
    public void Failed_removal_publishes_the_spare_half_without_synchronize()
    {
        using var h = WithProbes(3);
        var front = h.Model.ArrayPointer(h.Tp);
        var allocation = h.Model.AllocationOf(h.Tp);
        h.Heap.Faults.FailPath(TracepointModel.RemovePath, 1);
        var mark = h.Dmesg.Count;

        Assert.Equal(0, h.Model.Unregister(h.Tp, P(2), 0));

        var spare = h.Model.ArrayPointer(h.Tp);
        Assert.Equal(front + 4 * TracepointLayout.FuncEntrySize, spare);
        Assert.Equal(allocation, h.Model.AllocationOf(h.Tp));
        Assert.Equal([P(1), P(3)], h.Funcs());
        // The old half is untouched for readers still in it.
        Assert.Equal(P(2), h.Engine.ReadUInt64(front + TracepointLayout.FuncEntrySize));
        Assert.DoesNotContain(h.Dmesg.Since(mark), m => m.Kind == "forced-synchronize");
        Assert.Contains(h.Dmesg.Since(mark), m => m.Kind == "spare-half");
        Assert.Equal(1, h.Rcu.CompletedGracePeriods);
        Assert.Equal(0, h.Rcu.PendingCallbacks);
    }

    [Fact]
    public void Second_close_removal_forces_a_synchronize()
    {
        using var h = WithProbes(3);
        var front = h.Model.ArrayPointer(h.Tp);
        h.Heap.Faults.FailPath(TracepointModel.RemovePath, 2);
        Assert.Equal(0, h.Model.Unregister(h.Tp, P(1), 0));
        var gp = h.Rcu.CompletedGracePeriods;
        var mark = h.Dmesg.Count;

        Assert.Equal(0, h.Model.Unregister(h.Tp, P(2), 0));

        Assert.Single(h.Dmesg.Since(mark), m => m.Kind == "forced-synchronize");
        Assert.Equal(gp + 1, h.Rcu.CompletedGracePeriods);
        Assert.Equal(front, h.Model.ArrayPointer(h.Tp));
        Assert.Equal([P(3)], h.Funcs());
    }

    [Fact]
    public void No_synchronize_when_a_grace_period_passed_in_between()
    {
        using var h = WithProbes(3);
        h.Heap.Faults.FailPath(TracepointModel.RemovePath, 2);
        Assert.Equal(0, h.Model.Unregister(h.Tp, P(1), 0));
        h.Rcu.GracePeriod();
        var gp = h.Rcu.CompletedGracePeriods;
        var mark = h.Dmesg.Count;

        Assert.Equal(0, h.Model.Unregister(h.Tp, P(2), 0));

        Assert.DoesNotContain(h.Dmesg.Since(mark), m => m.Kind == "forced-synchronize");
        Assert.Equal(gp, h.Rcu.CompletedGracePeriods);
        Assert.Equal([P(3)], h.Funcs());
    }

    [Fact]
    public void Close_removal_in_atomic_context_fails_with_ENOMEM()
    {
        using var h = WithProbes(3);
        h.Heap.Faults.FailPath(TracepointModel.RemovePath, 2);
        Assert.Equal(0, h.Model.Unregister(h.Tp, P(1), 0));
        var array = h.Model.ArrayPointer(h.Tp);
        h.Rcu.PreemptDisable();
        Assert.Equal(-Errno.ENOMEM, h.Model.Unregister(h.Tp, P(2), 0));
        h.Rcu.PreemptEnable();
        Assert.Equal(array, h.Model.ArrayPointer(h.Tp));
        Assert.Equal([P(2), P(3)], h.Funcs());
        Assert.Contains(h.Dmesg.All, m => m.Kind == "forced-synchronize");
        Assert.Contains(h.Dmesg.All, m => m.Kind == "unregister-failed");
        Assert.Contains(h.Dmesg.All, m => m.Kind == "might-sleep" && m.Text.Contains("tracepoint_probe_unregister", StringComparison.Ordinal));
    }

    [Fact]
    public void Successful_allocation_starts_a_fresh_array_and_frees_both_halves_later()
    {
        using var h = WithProbes(3);
        var allocation = h.Model.AllocationOf(h.Tp);
        h.Heap.Faults.FailPath(TracepointModel.RemovePath, 1);
        h.Model.Unregister(h.Tp, P(1), 0);
        // Next removal allocates: a new front half, no synchronize even though no grace period passed.
        var mark = h.Dmesg.Count;
        Assert.Equal(0, h.Model.Unregister(h.Tp, P(2), 0));
        Assert.DoesNotContain(h.Dmesg.Since(mark), m => m.Kind == "forced-synchronize");
        Assert.NotEqual(allocation, h.Model.AllocationOf(h.Tp));
        Assert.Equal(h.Model.AllocationOf(h.Tp) + TracepointLayout.RcuHeadSize, h.Model.ArrayPointer(h.Tp));
        Assert.True(h.Heap.IsLive(allocation));
        h.Rcu.GracePeriod();
        Assert.False(h.Heap.IsLive(allocation));
        Assert.Equal(1, h.Heap.LiveAllocations);
    }

    [Fact]
    public void Strategy_describes_its_reconstruction()
    {
        var s = KernelStrategies.DoubleArray;
        Assert.True(s.RemovalMaySleep);
        Assert.Equal(2, s.CapacityFactor);
        Assert.Contains("reconstructed", s.Simplification, StringComparison.Ordinal);
    }
}
