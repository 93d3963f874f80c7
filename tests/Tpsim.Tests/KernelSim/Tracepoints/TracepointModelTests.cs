using Tpsim.KernelSim.Kernel;
using Tpsim.KernelSim.Strategies;
using Tpsim.KernelSim.Tracepoints;
using Xunit;

namespace Tpsim.Tests.KernelSim.Tracepoints;

public sealed class TracepointModelTests
{
    private static ulong P(int n) => KernelHarness.Probe(n);

    [Fact]
    public void Higher_prio_runs_first_and_equal_prios_keep_insertion_order()
    {
        using var h = new KernelHarness(KernelStrategies.Stub);
        Assert.Equal(0, h.Model.Register(h.Tp, P(1), 0, 10));
        Assert.Equal(0, h.Model.Register(h.Tp, P(2), 0, 20));
        Assert.Equal(0, h.Model.Register(h.Tp, P(3), 0, 10));
        Assert.Equal(0, h.Model.Register(h.Tp, P(4), 0, 5));
        Assert.Equal(0, h.Model.Register(h.Tp, P(5), 0, 20));
        Assert.Equal([P(2), P(5), P(1), P(3), P(4)], h.Funcs());
        Assert.Equal([20, 20, 10, 10, 5], h.Model.ReadArray(h.Tp).Select(e => e.Prio));
    }

    [Fact]
    public void Array_lives_in_guest_memory_after_an_rcu_head()
    {
        using var h = new KernelHarness(KernelStrategies.Stub);
        h.Model.Register(h.Tp, P(1), 0xda7a, 7);
        var array = h.Model.ArrayPointer(h.Tp);
        Assert.Equal(h.Model.AllocationOf(h.Tp) + TracepointLayout.RcuHeadSize, array);
        Assert.Equal(array, h.Engine.ReadUInt64(h.Tp.Address + TracepointLayout.FuncsOffset));
        Assert.Equal(P(1), h.Engine.ReadUInt64(array));
        Assert.Equal(0xda7aUL, h.Engine.ReadUInt64(array + 8));
        Assert.Equal(7UL, h.Engine.ReadUInt64(array + 16) & 0xffff_ffff);
        Assert.Equal(0UL, h.Engine.ReadUInt64(array + TracepointLayout.FuncEntrySize));
    }

    [Fact]
    public void Duplicate_is_EEXIST_and_other_data_is_a_different_probe()
    {
        using var h = new KernelHarness(KernelStrategies.Stub);
        Assert.Equal(0, h.Model.Register(h.Tp, P(1), 1));
        Assert.Equal(-Errno.EEXIST, h.Model.Register(h.Tp, P(1), 1, 99));
        Assert.Equal(0, h.Model.Register(h.Tp, P(1), 2));
        Assert.Equal(2, h.Model.ReadArray(h.Tp).Count);
    }

    /// <summary>As func_remove: -ENOENT (and one warning) only without an array; an absent pair is "removed" by a copy, 0.</summary>
    [Fact]
    public void An_absent_probe_is_ENOENT_only_without_an_array()
    {
        using var h = new KernelHarness(KernelStrategies.Stub);
        Assert.Equal(-Errno.ENOENT, h.Model.Unregister(h.Tp, P(1), 0));
        Assert.Equal(-Errno.ENOENT, h.Model.Unregister(h.Tp, P(1), 0));
        Assert.Single(h.Dmesg.All, d => d.Kind == "warning");
        h.Model.Register(h.Tp, P(1), 0);
        var array = h.Model.ArrayPointer(h.Tp);
        Assert.Equal(0, h.Model.Unregister(h.Tp, P(1), 1));
        Assert.Equal(0, h.Model.Unregister(h.Tp, P(2), 0));
        Assert.Equal(-Errno.ENOENT, h.Model.Unregister(h.Tp, 0, 0));
        Assert.Equal([P(1)], h.Funcs());
        // Each absent removal published a copy, as the kernel's does.
        Assert.NotEqual(array, h.Model.ArrayPointer(h.Tp));
    }

    [Fact]
    public void Null_func_is_EINVAL()
    {
        using var h = new KernelHarness(KernelStrategies.Stub);
        Assert.Equal(-Errno.EINVAL, h.Model.Register(h.Tp, 0, 0));
        Assert.Equal(-Errno.EINVAL, h.Model.Register(h.Tp, KernelHarness.StubFunc, 0));
        Assert.Empty(h.Funcs());
    }

    [Theory]
    [MemberData(nameof(ModelPropertyTests.StrategyNames), MemberType = typeof(ModelPropertyTests))]
    public void Add_failure_is_ENOMEM_and_changes_nothing(string name)
    {
        Assert.True(KernelStrategies.TryGet(name, out var strategy));
        using var h = new KernelHarness(strategy);
        h.Model.Register(h.Tp, P(1), 0);
        var before = h.Model.ArrayPointer(h.Tp);
        h.Heap.Faults.FailPath(TracepointModel.AddPath, 1);
        Assert.Equal(-Errno.ENOMEM, h.Model.Register(h.Tp, P(2), 0));
        Assert.Equal(before, h.Model.ArrayPointer(h.Tp));
        Assert.Equal([P(1)], h.Funcs());
        Assert.Equal(1, h.Heap.LiveAllocations);
        Assert.Equal(0, h.Rcu.PendingCallbacks);
    }

    public static TheoryData<string, ulong> InPlaceStrategies() => new()
    {
        { "stub", KernelHarness.StubFunc },
        { "typed-stub", 0x30_000 },
        { "skip", TracepointLayout.SkipMarker },
    };

    [Theory]
    [MemberData(nameof(InPlaceStrategies))]
    public void Removal_failure_writes_the_placeholder_in_place(string name, ulong placeholder)
    {
        Assert.True(KernelStrategies.TryGet(name, out var strategy));
        using var h = new KernelHarness(strategy);
        h.Model.Register(h.Tp, P(1), 0);
        h.Model.Register(h.Tp, P(2), 0);
        h.Model.Register(h.Tp, P(3), 0);
        h.Rcu.GracePeriod();
        var array = h.Model.ArrayPointer(h.Tp);
        var allocations = h.Heap.AllocationCount;
        h.Heap.Faults.FailPath(TracepointModel.RemovePath, 1);
        var mark = h.Dmesg.Count;

        Assert.Equal(0, h.Model.Unregister(h.Tp, P(2), 0));

        Assert.Equal(array, h.Model.ArrayPointer(h.Tp));
        Assert.Equal([P(1), placeholder, P(3)], h.Funcs());
        Assert.Equal(placeholder, h.Engine.ReadUInt64(array + TracepointLayout.FuncEntrySize));
        Assert.Equal(allocations, h.Heap.AllocationCount);
        Assert.Equal(0, h.Rcu.PendingCallbacks);
        Assert.Equal(1, h.Heap.LiveAllocations);
        Assert.Single(h.Dmesg.Since(mark), m => m.Kind == "placeholder-written");
        Assert.True(h.Model.Enabled(h.Tp));
    }

    [Theory]
    [MemberData(nameof(InPlaceStrategies))]
    public void Later_add_or_remove_prunes_every_placeholder(string name, ulong placeholder)
    {
        Assert.True(KernelStrategies.TryGet(name, out var strategy));
        using var h = new KernelHarness(strategy);
        for (var i = 1; i <= 4; i++)
        {
            h.Model.Register(h.Tp, P(i), 0);
        }
        h.Heap.Faults.FailPath(TracepointModel.RemovePath, 2);
        Assert.Equal(0, h.Model.Unregister(h.Tp, P(1), 0));
        Assert.Equal(0, h.Model.Unregister(h.Tp, P(3), 0));
        Assert.Equal([placeholder, P(2), placeholder, P(4)], h.Funcs());
        // Re-registering a removed probe is not a duplicate of its placeholder, and the add prunes both.
        Assert.Equal(0, h.Model.Register(h.Tp, P(1), 0));
        Assert.Equal([P(2), P(4), P(1)], h.Funcs());

        h.Heap.Faults.FailPath(TracepointModel.RemovePath, 1);
        Assert.Equal(0, h.Model.Unregister(h.Tp, P(2), 0));
        Assert.Equal([placeholder, P(4), P(1)], h.Funcs());
        Assert.Equal(0, h.Model.Unregister(h.Tp, P(4), 0));
        Assert.Equal([P(1)], h.Funcs());

        // Last real probe plus placeholders: N -> 0 without allocating.
        h.Model.Register(h.Tp, P(2), 0);
        h.Heap.Faults.FailPath(TracepointModel.RemovePath, 1);
        Assert.Equal(0, h.Model.Unregister(h.Tp, P(2), 0));
        Assert.Equal([P(1), placeholder], h.Funcs());
        var allocations = h.Heap.AllocationCount;
        Assert.Equal(0, h.Model.Unregister(h.Tp, P(1), 0));
        Assert.Equal(allocations, h.Heap.AllocationCount);
        Assert.Empty(h.Funcs());
        Assert.False(h.Model.Enabled(h.Tp));
        h.Rcu.GracePeriod();
        Assert.Equal(0, h.Heap.LiveAllocations);
    }

    [Fact]
    public void Fail_returns_ENOMEM_and_keeps_the_probe()
    {
        using var h = new KernelHarness(KernelStrategies.Fail);
        h.Model.Register(h.Tp, P(1), 0);
        h.Model.Register(h.Tp, P(2), 0);
        var array = h.Model.ArrayPointer(h.Tp);
        h.Heap.Faults.FailNext(1);
        Assert.Equal(-Errno.ENOMEM, h.Model.Unregister(h.Tp, P(2), 0));
        Assert.Equal(array, h.Model.ArrayPointer(h.Tp));
        Assert.Equal([P(1), P(2)], h.Funcs());
        Assert.Single(h.Dmesg.OfKind("unregister-failed"));
        Assert.Equal(0, h.Model.Unregister(h.Tp, P(2), 0));
        Assert.Equal([P(1)], h.Funcs());
    }

    [Fact]
    public void NoFail_ignores_the_injected_failure()
    {
        using var h = new KernelHarness(KernelStrategies.NoFail);
        h.Model.Register(h.Tp, P(1), 0);
        h.Model.Register(h.Tp, P(2), 0);
        h.Heap.Faults.FailNext(1);
        Assert.Equal(0, h.Model.Unregister(h.Tp, P(1), 0));
        Assert.Equal([P(2)], h.Funcs());
        // __GFP_NOFAIL is outside fault injection: the failure is still pending, and the add (not NOFAIL) gets it.
        Assert.Equal(1, h.Heap.Faults.Pending);
        Assert.Equal(0, h.Heap.FailedCount);
        Assert.Equal(-Errno.ENOMEM, h.Model.Register(h.Tp, P(3), 0));
    }

    [Fact]
    public void Static_key_follows_the_first_and_last_probe()
    {
        using var h = new KernelHarness(KernelStrategies.Stub);
        Assert.False(h.Model.Enabled(h.Tp));
        h.Model.Register(h.Tp, P(1), 0);
        Assert.True(h.Model.Enabled(h.Tp));
        Assert.Equal(1UL, h.Engine.ReadUInt64(h.Tp.KeyAddress));
        h.Model.Register(h.Tp, P(2), 0);
        Assert.Equal(1UL, h.Engine.ReadUInt64(h.Tp.KeyAddress));
        h.Model.Unregister(h.Tp, P(1), 0);
        Assert.True(h.Model.Enabled(h.Tp));
        h.Model.Unregister(h.Tp, P(2), 0);
        Assert.False(h.Model.Enabled(h.Tp));
        Assert.Equal(0UL, h.Engine.ReadUInt64(h.Tp.KeyAddress));
        Assert.Equal(0UL, h.Model.ArrayPointer(h.Tp));
        Assert.Empty(h.Model.ReadArray(h.Tp));
        Assert.False(h.Model.Enabled(h.Tp2));
    }

    [Fact]
    public void Replaced_array_is_freed_only_after_a_grace_period_and_then_unmapped()
    {
        using var h = new KernelHarness(KernelStrategies.Stub);
        h.Model.Register(h.Tp, P(1), 0);
        var old = h.Model.ArrayPointer(h.Tp);
        var oldAllocation = h.Model.AllocationOf(h.Tp);
        h.Model.Register(h.Tp, P(2), 0);
        Assert.True(h.CanRead(old));
        Assert.Equal(P(1), h.Engine.ReadUInt64(old));
        Assert.Equal(2, h.Heap.LiveAllocations);
        h.Rcu.GracePeriod();
        Assert.Equal(1, h.Heap.LiveAllocations);
        Assert.False(h.Heap.IsLive(oldAllocation));
        Assert.False(h.CanRead(old));
        Assert.Equal("bad-free", Assert.Throws<KernelBugException>(() => h.Heap.Kfree(oldAllocation)).Kind);
    }

    [Fact]
    public void Might_sleep_is_logged_under_rcu_read_lock_but_the_call_proceeds()
    {
        using var h = new KernelHarness(KernelStrategies.Stub);
        h.Rcu.ReadLock();
        Assert.Equal(0, h.Model.Register(h.Tp, P(1), 0));
        Assert.Equal(0, h.Model.Unregister(h.Tp, P(1), 0));
        h.Rcu.ReadUnlock();
        var logged = h.Dmesg.OfKind("might-sleep");
        Assert.Equal(2, logged.Count);
        Assert.Contains("tracepoint_probe_register", logged[0].Text, StringComparison.Ordinal);
        Assert.Contains("tracepoint_probe_unregister", logged[1].Text, StringComparison.Ordinal);
        Assert.Empty(h.Funcs());
    }

    [Fact]
    public void Tracepoints_are_independent()
    {
        using var h = new KernelHarness(KernelStrategies.Stub);
        h.Model.Register(h.Tp, P(1), 0);
        h.Model.Register(h.Tp2, P(1), 0);
        h.Model.Unregister(h.Tp, P(1), 0);
        Assert.Empty(h.Funcs(h.Tp));
        Assert.Equal([P(1)], h.Funcs(h.Tp2));
    }

    /// <summary>
    /// 6.12's transition wait: a 2 -> 1 removal whose first entry's data changes reaches cond_synchronize_rcu, and the
    /// next 0 -> 1 add after a 1 -> 0 removal does too. The control: removing the second entry keeps the first entry's
    /// data, so nothing waits.
    /// </summary>
    [Fact]
    public void A_two_to_one_removal_that_changes_the_first_data_waits_and_one_that_keeps_it_does_not()
    {
        using var h = new KernelHarness(KernelStrategies.Stub);
        Assert.Equal(0, h.Model.Register(h.Tp, P(1), 0x1));
        Assert.Equal(0, h.Model.Register(h.Tp, P(2), 0x2));
        Assert.Equal(0, h.Model.Unregister(h.Tp, P(2), 0x2));
        Assert.Empty(h.Model.Sleeps);

        Assert.Equal(0, h.Model.Register(h.Tp, P(2), 0x2));
        Assert.Equal(0, h.Model.Unregister(h.Tp, P(1), 0x1));
        Assert.Equal(["cond_synchronize_rcu"], h.Model.Sleeps);

        Assert.Equal(0, h.Model.Unregister(h.Tp, P(2), 0x2));
        Assert.Empty(h.Model.Sleeps);
        Assert.Equal(0, h.Model.Register(h.Tp, P(1), 0x1));
        Assert.Equal(["cond_synchronize_rcu"], h.Model.Sleeps);
    }
}
