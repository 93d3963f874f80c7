using Tpsim.KernelSim.Kernel;

namespace Tpsim.KernelSim.Rcu;

/// <summary>
/// RCU as seen from the one CPU a scenario drives: an rcu_read_lock nesting depth, a preempt_disable depth,
/// and the queue of call_rcu callbacks. Since Linux 4.20 a preempt-disabled region is an RCU read-side
/// critical section too, so either depth makes the context atomic.
/// <para>
/// <see cref="GracePeriod"/> is the scenario saying "a grace period elapses" (the other CPUs pass through a
/// quiescent state). It ends the current grace period and runs every callback queued before it. A grace
/// period cannot end while this CPU is itself inside a read-side critical section, so when
/// <see cref="InAtomic"/> it is deferred ("grace-period-deferred") and completes at the outermost
/// <see cref="ReadUnlock"/> or <see cref="PreemptEnable"/>. <see cref="Synchronize"/> is synchronize_rcu():
/// from atomic context a real kernel would deadlock (or BUG), so the model logs "might-sleep", returns false
/// and ends nothing.
/// </para>
/// </summary>
public sealed class RcuState(Dmesg dmesg)
{
    private readonly Dmesg _dmesg = dmesg ?? throw new ArgumentNullException(nameof(dmesg));
    private readonly List<Pending> _callbacks = [];
    private int _readDepth;
    private int _preemptDepth;
    private int _deferred;
    private bool _running;

    /// <summary>rcu_read_lock nesting depth.</summary>
    public int ReadDepth => _readDepth;

    /// <summary>preempt_disable nesting depth.</summary>
    public int PreemptDepth => _preemptDepth;

    public bool InAtomic => _readDepth > 0 || _preemptDepth > 0;

    /// <summary>Callbacks queued by <see cref="CallRcu"/> that have not run yet.</summary>
    public int PendingCallbacks => _callbacks.Count;

    /// <summary>Grace periods that have ended; a snapshot of it tells whether one has ended since.</summary>
    public long CompletedGracePeriods { get; private set; }

    /// <summary>Grace periods requested while atomic that will end when this CPU leaves its critical section.</summary>
    public int DeferredGracePeriods => _deferred;

    public void ReadLock() => _readDepth++;

    public void ReadUnlock()
    {
        if (_readDepth == 0)
        {
            Bug("rcu-unbalanced", "rcu_read_unlock() without rcu_read_lock()");
        }
        _readDepth--;
        RunDeferred();
    }

    public void PreemptDisable() => _preemptDepth++;

    public void PreemptEnable()
    {
        if (_preemptDepth == 0)
        {
            Bug("preempt-unbalanced", "preempt_enable() without preempt_disable()");
        }
        _preemptDepth--;
        RunDeferred();
    }

    /// <summary>
    /// Drops this CPU's rcu_read_lock and preempt_disable depths to zero, as when a CPU that oopsed inside a
    /// read-side section is written off; grace periods deferred because of it then end. No message is logged.
    /// </summary>
    public void ResetCpu()
    {
        _readDepth = 0;
        _preemptDepth = 0;
        RunDeferred();
    }

    /// <summary>
    /// might_sleep(): false and a "might-sleep" message when called from atomic context, true otherwise.
    /// </summary>
    public bool MightSleep(string caller)
    {
        if (!InAtomic)
        {
            return true;
        }
        _dmesg.Add(
            "might-sleep",
            $"BUG: sleeping function called from invalid context: {caller} (rcu_read_lock depth {_readDepth}, preempt_count {_preemptDepth})");
        return false;
    }

    /// <summary>
    /// synchronize_rcu(): in atomic context logs "might-sleep" and returns false without ending a grace period
    /// (a real kernel would deadlock); otherwise ends one grace period, running the queued callbacks, and returns true.
    /// </summary>
    public bool Synchronize(string caller)
    {
        if (!MightSleep(caller))
        {
            return false;
        }
        EndGracePeriod();
        return true;
    }

    /// <summary>Ends the current grace period now, or as soon as this CPU leaves its read-side critical section.</summary>
    public void GracePeriod()
    {
        if (InAtomic)
        {
            _deferred++;
            _dmesg.Add(
                "grace-period-deferred",
                "grace period cannot end while this CPU is in an RCU read-side critical section; it ends at rcu_read_unlock/preempt_enable");
            return;
        }
        EndGracePeriod();
    }

    /// <summary>call_rcu(): queues <paramref name="callback"/> to run when the current grace period ends.</summary>
    public void CallRcu(string what, Action callback)
    {
        ArgumentNullException.ThrowIfNull(what);
        ArgumentNullException.ThrowIfNull(callback);
        _callbacks.Add(new Pending(what, CompletedGracePeriods, callback));
    }

    private void RunDeferred()
    {
        if (InAtomic)
        {
            return;
        }
        while (_deferred > 0)
        {
            _deferred--;
            EndGracePeriod();
        }
    }

    private void EndGracePeriod()
    {
        if (_running)
        {
            throw new InvalidOperationException("a grace period cannot end from inside an RCU callback");
        }
        var ending = CompletedGracePeriods;
        CompletedGracePeriods++;
        // Callbacks queued by a callback belong to the next grace period.
        var ready = _callbacks.Where(c => c.QueuedIn <= ending).ToList();
        _callbacks.RemoveAll(c => c.QueuedIn <= ending);
        _running = true;
        var done = 0;
        try
        {
            foreach (var c in ready)
            {
                done++;
                c.Callback();
            }
        }
        finally
        {
            _running = false;
            // A callback that threw (a kfree the heap rejected) does not lose the ones after it.
            _callbacks.InsertRange(0, ready.Skip(done));
        }
    }

    private void Bug(string kind, string text)
    {
        _dmesg.Add(kind, text);
        throw new KernelBugException(kind, text);
    }

    private readonly record struct Pending(string What, long QueuedIn, Action Callback);
}
