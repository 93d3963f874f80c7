using Tpsim.Emulator.Unicorn;
using Tpsim.KernelSim.Kernel;
using Tpsim.KernelSim.Memory;
using Tpsim.KernelSim.Rcu;
using Xunit;

namespace Tpsim.Tests.KernelSim.Kernel;

public sealed class ErrnoTests
{
    [Theory]
    [InlineData(0, "0")]
    [InlineData(-12, "-ENOMEM")]
    [InlineData(-17, "-EEXIST")]
    [InlineData(-2, "-ENOENT")]
    [InlineData(-22, "-EINVAL")]
    [InlineData(-99, "-99")]
    [InlineData(5, "5")]
    public void Name_and_parse_round_trip(long value, string text)
    {
        Assert.Equal(text, Errno.Name(value));
        Assert.True(Errno.TryParse(text, out var parsed));
        Assert.Equal(value, parsed);
    }

    [Theory]
    [InlineData("")]
    [InlineData("-EFOO")]
    [InlineData("ENOMEM")]
    [InlineData("12x")]
    public void Parse_rejects_junk(string text) => Assert.False(Errno.TryParse(text, out _));
}

public sealed class DmesgTests
{
    [Fact]
    public void Since_returns_messages_after_a_mark()
    {
        var d = new Dmesg();
        d.Add("a", "one");
        var mark = d.Count;
        d.Add("b", "two");
        d.Add("a", "three");
        Assert.Equal(3, d.Count);
        Assert.Equal([new KernelMessage("b", "two"), new KernelMessage("a", "three")], d.Since(mark));
        Assert.Equal(2, d.OfKind("a").Count);
        Assert.True(d.Contains("b", mark));
        Assert.False(d.Contains("b", 2));
    }
}

public sealed class KernelHeapTests : IDisposable
{
    private readonly Engine _engine = new(UcArch.X86, UcMode.Mode64);
    private readonly Dmesg _dmesg = new();
    private readonly KernelHeap _heap;

    public KernelHeapTests() => _heap = new KernelHeap(_engine, 0x100_000, 0x10_000, _dmesg);

    public void Dispose() => _engine.Dispose();

    [Fact]
    public void Allocations_get_own_pages_and_a_guard_page()
    {
        var a = _heap.Kmalloc(40, GfpFlags.Kernel, "t");
        var b = _heap.Kmalloc(0x1001, GfpFlags.Kernel, "t");
        Assert.Equal(0x100_000UL, a);
        Assert.Equal(a + 0x2000, b);
        Assert.True(_engine.TryRead(a + 0xff8, new byte[8]));
        Assert.False(_engine.TryRead(a + 0x1000, new byte[1]));
        Assert.True(_engine.TryRead(b + 0x1ff8, new byte[8]));
        Assert.Equal(2, _heap.LiveAllocations);
        Assert.Equal(2, _heap.AllocationCount);
    }

    [Fact]
    public void Kfree_unmaps_and_addresses_are_not_reused()
    {
        var a = _heap.Kmalloc(8, GfpFlags.Kernel, "t");
        _heap.Kfree(a);
        Assert.False(_heap.IsLive(a));
        Assert.False(_engine.TryRead(a, new byte[8]));
        Assert.NotEqual(a, _heap.Kmalloc(8, GfpFlags.Kernel, "t"));
        _heap.Kfree(0);
    }

    [Fact]
    public void Double_and_bad_kfree_are_kernel_bugs()
    {
        var a = _heap.Kmalloc(8, GfpFlags.Kernel, "t");
        _heap.Kfree(a);
        var twice = Assert.Throws<KernelBugException>(() => _heap.Kfree(a));
        Assert.Equal("bad-free", twice.Kind);
        Assert.Contains("double free", twice.Message, StringComparison.Ordinal);
        var b = _heap.Kmalloc(8, GfpFlags.Kernel, "t");
        Assert.Equal("bad-free", Assert.Throws<KernelBugException>(() => _heap.Kfree(b + 8)).Kind);
        Assert.Equal(2, _dmesg.OfKind("bad-free").Count);
        Assert.True(_heap.IsLive(b));
    }

    [Fact]
    public void Injected_failures_by_count_and_by_path()
    {
        _heap.Faults.FailNext(1);
        _heap.Faults.FailPath("x", 2);
        Assert.Equal(3, _heap.Faults.Pending);
        Assert.Equal(0UL, _heap.Kmalloc(8, GfpFlags.Kernel, "y")); // "y" takes the general failure
        Assert.NotEqual(0UL, _heap.Kmalloc(8, GfpFlags.Kernel, "y"));
        Assert.Equal(0UL, _heap.Kmalloc(8, GfpFlags.Kernel, "x"));
        Assert.Equal(0UL, _heap.Kmalloc(8, GfpFlags.Atomic, "x"));
        Assert.NotEqual(0UL, _heap.Kmalloc(8, GfpFlags.Kernel, "x"));
        Assert.Equal(0, _heap.Faults.Pending);
        Assert.Equal(3, _heap.FailedCount);
        Assert.Equal(3, _dmesg.OfKind("alloc-failed").Count);
    }

    /// <summary>As should_failslab: __GFP_NOFAIL is outside fault injection, so the failure waits for the next allocation.</summary>
    [Fact]
    public void NoFail_never_consumes_an_injected_failure()
    {
        _heap.Faults.FailNext(1);
        var a = _heap.Kmalloc(8, GfpFlags.NoFail, "t");
        Assert.NotEqual(0UL, a);
        Assert.Equal(1, _heap.Faults.Pending);
        Assert.Equal(0, _heap.FailedCount);
        Assert.Empty(_dmesg.OfKind("alloc-failed"));
        Assert.Equal(0UL, _heap.Kmalloc(8, GfpFlags.Kernel, "t"));
        Assert.Equal(0, _heap.Faults.Pending);
    }

    [Fact]
    public void Exhausting_the_region_is_an_oom_bug()
    {
        // 16 pages: 8 single-page allocations with their guard pages.
        for (var i = 0; i < 8; i++)
        {
            _heap.Kmalloc(1, GfpFlags.Kernel, "t");
        }
        Assert.Equal("oom", Assert.Throws<KernelBugException>(() => _heap.Kmalloc(1, GfpFlags.Kernel, "t")).Kind);
    }
}

public sealed class RcuStateTests
{
    private readonly Dmesg _dmesg = new();

    [Fact]
    public void Callbacks_run_at_the_grace_period_after_they_were_queued()
    {
        var rcu = new RcuState(_dmesg);
        var ran = new List<string>();
        rcu.CallRcu("a", () => ran.Add("a"));
        rcu.CallRcu("b", () => rcu.CallRcu("c", () => ran.Add("c")));
        Assert.Equal(2, rcu.PendingCallbacks);
        rcu.GracePeriod();
        Assert.Equal(["a"], ran);
        Assert.Equal(1, rcu.PendingCallbacks);
        Assert.True(rcu.Synchronize("test"));
        Assert.Equal(["a", "c"], ran);
        Assert.Equal(2, rcu.CompletedGracePeriods);
    }

    [Fact]
    public void Synchronize_in_atomic_context_logs_and_ends_nothing()
    {
        var rcu = new RcuState(_dmesg);
        rcu.CallRcu("a", () => { });
        rcu.PreemptDisable();
        Assert.True(rcu.InAtomic);
        Assert.False(rcu.Synchronize("caller_x"));
        Assert.Equal(0, rcu.CompletedGracePeriods);
        Assert.Equal(1, rcu.PendingCallbacks);
        var m = Assert.Single(_dmesg.OfKind("might-sleep"));
        Assert.Contains("BUG: sleeping function called from invalid context: caller_x", m.Text, StringComparison.Ordinal);
        rcu.PreemptEnable();
        Assert.False(rcu.InAtomic);
    }

    [Fact]
    public void Grace_period_waits_for_this_cpus_reader()
    {
        var rcu = new RcuState(_dmesg);
        var ran = false;
        rcu.CallRcu("a", () => ran = true);
        rcu.ReadLock();
        rcu.ReadLock();
        rcu.GracePeriod();
        Assert.False(ran);
        Assert.Single(_dmesg.OfKind("grace-period-deferred"));
        rcu.ReadUnlock();
        Assert.False(ran);
        rcu.ReadUnlock();
        Assert.True(ran);
        Assert.Equal(1, rcu.CompletedGracePeriods);
    }

    [Fact]
    public void Unbalanced_unlock_is_a_bug_and_reset_clears_the_cpu()
    {
        var rcu = new RcuState(_dmesg);
        Assert.Equal("rcu-unbalanced", Assert.Throws<KernelBugException>(rcu.ReadUnlock).Kind);
        Assert.Equal("preempt-unbalanced", Assert.Throws<KernelBugException>(rcu.PreemptEnable).Kind);
        rcu.ReadLock();
        rcu.PreemptDisable();
        rcu.GracePeriod();
        rcu.ResetCpu();
        Assert.False(rcu.InAtomic);
        Assert.Equal(1, rcu.CompletedGracePeriods);
    }
}
