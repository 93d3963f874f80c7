using System.Text;
using Tpsim.Emulator.Isa;
using Tpsim.Emulator.Loading;
using Tpsim.Emulator.Memory;
using Tpsim.Emulator.Unicorn;
using Tpsim.KernelSim.Kernel;
using Tpsim.KernelSim.Memory;

namespace Tpsim.Linux.Machine;

/// <summary>
/// The kernel functions a real kernel/tracepoint.o and its modules call that tpsim writes in C#, by name (names move
/// between versions: <c>__kmalloc_noprof</c> since 6.10). Each owns a slot of the ISA's call bridge; its body runs
/// when the slot's block is reached, and the slot's real return instruction runs after it.
/// </summary>
internal sealed class KernelServices
{
    private readonly LinuxMachine _machine;
    private readonly Engine _engine;
    private readonly BridgeSlots _slots;
    private readonly Dictionary<ulong, List<ulong>> _notifierChains = [];
    private ulong _gracePeriods = 1;

    public KernelServices(LinuxMachine machine, Engine engine, CallBridge bridge, ulong page)
    {
        _machine = machine;
        _engine = engine;
        _slots = new BridgeSlots(engine, bridge, page);
        Define();
    }

    /// <summary>The notifier blocks <c>register_module_notifier</c> was given (the tracepoint core's), in order.</summary>
    public List<ulong> ModuleNotifiers { get; } = [];

    /// <summary>RCU and SRCU callbacks (head, function) queued and not yet run: the machine runs them in the guest after each call.</summary>
    public Queue<(ulong Head, ulong Function, string Flavour)> PendingCallbacks { get; } = new();

    /// <summary>Work items (struct work_struct) queued and not yet run: the machine runs them at the next grace period.</summary>
    public List<ulong> PendingWork { get; } = [];

    /// <summary>Whether a work item is running (its synchronizations are the work's, not the caller's).</summary>
    public bool InWork { get; set; }

    /// <summary>Services that may sleep reached since the machine last cleared this (cond_synchronize_rcu, kmalloc(__GFP_NOFAIL), ...).</summary>
    public List<string> Sleeps { get; } = [];

    /// <summary>Writes every slot's return instruction and defines the services' symbols.</summary>
    public void Install(SymbolTable symbols) => _slots.Install(symbols, "vmlinux-services");

    /// <summary>Runs the C# body if <paramref name="pc"/> is a slot; the slot's return instruction runs next.</summary>
    public bool TryDispatch(ulong pc) => _slots.TryDispatch(pc);

    private void Add(string name, Func<BridgeSlots.Args, ulong?> body) => _slots.Add(name, body);

    private static ulong? Void(Action action)
    {
        action();
        return null;
    }

    private void Define()
    {
        // Locks: one CPU, no contention; taking them is all the code needs.
        foreach (var name in new[] { "mutex_lock", "mutex_unlock", "_raw_read_lock", "_raw_read_unlock", "_raw_spin_lock", "_raw_spin_unlock",
                     "_raw_spin_lock_irqsave", "_raw_spin_unlock_irqrestore", "preempt_schedule", "preempt_schedule_notrace", "alt_cb_patch_nops" })
        {
            Add(name, _ => null);
        }
        // s390's rwlock slow path: reached only while a writer holds the lock, which on the only CPU never ends.
        Add("arch_read_lock_wait", _ => throw new KernelBugException("deadlock", "arch_read_lock_wait: a read lock taken while a writer holds it, on the only CPU"));
        // The x86 static call trampoline of preempt_schedule_notrace is the function itself here: nothing to schedule.
        Add("__SCT__preempt_schedule_notrace", _ => null);
        Add("__SCT__preempt_schedule", _ => null);

        Add("__kmalloc_noprof", a => Kmalloc(a[0], a[1]));
        Add("__kmalloc_cache_noprof", a => Kmalloc(a[2], a[1]));
        Add("kmalloc_trace_noprof", a => Kmalloc(a[2], a[1]));
        Add("kfree", a => Void(() => _machine.Heap.Kfree(a[0])));

        // Grace periods: the callbacks queued run in the guest after the current call, as a grace period's end would.
        Add("call_rcu", a => Void(() => PendingCallbacks.Enqueue((a[0], a[1], "rcu"))));
        Add("call_srcu", a => Void(() => PendingCallbacks.Enqueue((a[1], a[2], "srcu"))));
        Add("synchronize_rcu", _ => Void(() => Synchronize("synchronize_rcu")));
        Add("synchronize_srcu", _ => Void(() => Synchronize("synchronize_srcu")));
        Add("get_state_synchronize_rcu", _ => _gracePeriods);
        Add("start_poll_synchronize_srcu", _ => _gracePeriods);
        // Every cookie handed out is from a grace period that has ended by the time it is polled.
        Add("poll_state_synchronize_srcu", _ => 1);
        Add("cond_synchronize_rcu", _ => Void(() => Sleeps.Add("cond_synchronize_rcu")));
        // schedule_work: queue_work_on(cpu, wq, work); false when the work is already pending.
        Add("queue_work_on", a =>
        {
            if (PendingWork.Contains(a[2]))
            {
                return 0;
            }
            PendingWork.Add(a[2]);
            return 1;
        });

        Add("static_key_count", a => (ulong)_engine.ReadWord(a[0], 4, _machine.Isa.Abi.ByteOrder));
        Add("static_key_enable", a => Void(() => _machine.SetStaticKey(a[0], true)));
        Add("static_key_disable", a => Void(() => _machine.SetStaticKey(a[0], false)));
        Add("__static_call_update", a => Void(() => _machine.UpdateStaticCall(a[0], a[1], a[2])));
        // Without HAVE_STATIC_CALL_INLINE (i386) __static_call_update is inline and hands the trampoline to the arch code.
        Add("arch_static_call_transform", a => Void(() => _machine.UpdateStaticCall(0, a[1], a[2])));
        Add("cpus_read_lock", _ => null);
        Add("cpus_read_unlock", _ => null);

        Add("register_module_notifier", a => { ModuleNotifiers.Add(a[0]); return 0; });
        Add("unregister_module_notifier", a => { ModuleNotifiers.Remove(a[0]); return 0; });
        Add("blocking_notifier_chain_register", a => { Chain(a[0]).Add(a[1]); return 0; });
        Add("blocking_notifier_chain_unregister", a => Chain(a[0]).Remove(a[1]) ? 0UL : unchecked((ulong)-2L));
        // Nobody registers for tracepoint notifications here; a chain with members would need a nested guest call.
        Add("blocking_notifier_call_chain", a => Chain(a[0]).Count == 0
            ? 0UL
            : throw new KernelBugException("unsupported", $"blocking_notifier_call_chain on a chain with {Chain(a[0]).Count} member(s) (tpsim runs notifier chains only for modules)"));

        Add("_printk", a => Void(() => _machine.Dmesg.Add("printk", ReadString(a[0]).TrimStart('\u0001').TrimEnd('\n'))));
        Add("__warn_printk", a => Void(() => _machine.Dmesg.Add("warning", ReadString(a[0]).TrimEnd('\n'))));
        // WARN where the ISA has no __WARN_FLAGS trap (arm, mips64): warn_slowpath_fmt(file, line, taint, fmt, ...).
        Add("warn_slowpath_fmt", a => Void(() => _machine.Dmesg.Add("warning", $"WARNING: at {ReadString(a[0])}:{(int)a[1]} {_machine.Symbolize(_machine.ReturnAddress()) ?? "?"}")));
        Add("__stack_chk_fail", _ => throw new KernelBugException("stack-protector", "stack-protector: kernel stack is corrupted (__stack_chk_fail)"));
        Add("__list_add_valid_or_report", _ => 1);
        Add("__list_del_entry_valid_or_report", _ => 1);
        Add("delayed_work_timer_fn", _ => throw new KernelBugException("unsupported", "delayed_work_timer_fn: tpsim runs no timers"));
    }

    private List<ulong> Chain(ulong head)
    {
        if (!_notifierChains.TryGetValue(head, out var chain))
        {
            _notifierChains[head] = chain = [];
        }
        return chain;
    }

    /// <summary>
    /// The model's allocation paths (fail-alloc path=) by the function a kmalloc returns into: func_add and
    /// func_remove are static and inlined, func_add into tracepoint_add_func and func_remove into
    /// tracepoint_remove_func, itself inlined into tracepoint_probe_unregister; each of those allocates only there.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> AllocationPaths = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["tracepoint_add_func"] = "func_add",
        ["tracepoint_remove_func"] = "func_remove",
        ["tracepoint_probe_unregister"] = "func_remove",
    };

    /// <summary>
    /// synchronize_rcu/synchronize_srcu: a grace period ends. Called by tracepoint code outside a work item, it is the
    /// removal path's own wait (double-array's forced synchronization), which dmesg names as the model does.
    /// </summary>
    private void Synchronize(string name)
    {
        _gracePeriods++;
        if (InWork)
        {
            return;
        }
        Sleeps.Add(name);
        var caller = _machine.FunctionAt(_machine.ReturnAddress());
        if (name == "synchronize_srcu" && caller is not null && _machine.Core.Symbols.ContainsKey(caller))
        {
            _machine.Dmesg.Add("forced-synchronize", $"{caller}: tracepoint_synchronize_unregister() in the removal path");
        }
    }

    private ulong? Kmalloc(ulong size, ulong gfp)
    {
        var function = _machine.FunctionAt(_machine.ReturnAddress()) ?? "kernel";
        var path = AllocationPaths.GetValueOrDefault(function, function);
        var flags = (gfp & _machine.Layout.GfpNoFail) != 0 ? GfpFlags.NoFail : GfpFlags.Kernel;
        if (flags == GfpFlags.NoFail)
        {
            Sleeps.Add("kmalloc(__GFP_NOFAIL)");
        }
        return _machine.Heap.Kmalloc(size, flags, path);
    }

    private string ReadString(ulong address)
    {
        var bytes = new List<byte>();
        Span<byte> b = stackalloc byte[1];
        for (var i = 0; i < 512; i++)
        {
            if (!_engine.TryRead(address + (ulong)i, b) || b[0] == 0)
            {
                break;
            }
            bytes.Add(b[0]);
        }
        return Encoding.UTF8.GetString([.. bytes]);
    }
}
