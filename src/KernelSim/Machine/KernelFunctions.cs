using Tpsim.Emulator.Isa;
using Tpsim.Emulator.Loading;
using Tpsim.Emulator.Unicorn;
using Tpsim.KernelSim.Kernel;
using Tpsim.KernelSim.Memory;

namespace Tpsim.KernelSim.Machine;

/// <summary>
/// The kernel functions that emulated code calls, implemented in C# behind the ISA's call bridge. Each
/// gets a bridge slot; its symbol resolves there, so a module's call is an ordinary call instruction.
/// </summary>
internal sealed class KernelFunctions
{
    private const uint GfpAtomic = 1, GfpNoFail = 2;

    private readonly KernelMachine _kernel;
    private readonly BridgeSlots _slots;

    public KernelFunctions(KernelMachine kernel, Engine engine, CallBridge bridge, ulong page)
    {
        _kernel = kernel;
        _slots = new BridgeSlots(engine, bridge, page);
    }

    /// <summary>Writes every slot's return instruction and defines the symbols in <paramref name="symbols"/>.</summary>
    public void DefineAll(SymbolTable symbols)
    {
        Define("tracepoint_probe_register", a => Errno(_kernel.Model.Register(Tp(a[0]), a[1], a[2])));
        Define("tracepoint_probe_register_prio", a => Errno(_kernel.Model.Register(Tp(a[0]), a[1], a[2], unchecked((int)(uint)a[3]))));
        Define("tracepoint_probe_unregister", a => Errno(_kernel.Model.Unregister(Tp(a[0]), a[1], a[2])));
        Define("tracepoint_synchronize_unregister", _ => Void(_kernel.Rcu.Synchronize("tracepoint_synchronize_unregister")));
        Define("synchronize_rcu", _ => Void(_kernel.Rcu.Synchronize("synchronize_rcu")));
        Define("kmalloc", a => Kmalloc(a[0], (uint)a[1], "kmalloc"));
        Define("kzalloc", a => Kmalloc(a[0], (uint)a[1], "kzalloc"));
        Define("kfree", a => Void(() => _kernel.Heap.Kfree(a[0])));
        Define("rcu_read_lock", _ => Void(_kernel.Rcu.ReadLock));
        Define("rcu_read_unlock", _ => Void(_kernel.Rcu.ReadUnlock));
        Define("preempt_disable", _ => Void(_kernel.Rcu.PreemptDisable));
        Define("preempt_enable", _ => Void(_kernel.Rcu.PreemptEnable));
        _slots.Install(symbols, "vmlinux-bridge");
    }

    /// <summary>Runs the C# body if <paramref name="pc"/> is a slot; the slot's return instruction runs next.</summary>
    public bool TryDispatch(ulong pc) => _slots.TryDispatch(pc);

    private void Define(string name, Func<BridgeSlots.Args, ulong?> body) => _slots.Add(name, body);

    private ulong? Kmalloc(ulong size, uint gfp, string function)
    {
        var flags = GfpFlags.Kernel;
        if ((gfp & GfpAtomic) != 0)
        {
            flags |= GfpFlags.Atomic;
        }
        else
        {
            _kernel.Rcu.MightSleep($"{function}(GFP_KERNEL)");
        }
        if ((gfp & GfpNoFail) != 0)
        {
            flags |= GfpFlags.NoFail;
        }
        // The call path is the calling function, so `fail-alloc path=init_module` fails just that caller's allocations.
        return _kernel.Heap.Kmalloc(size, flags, _kernel.CallerFunction() ?? _kernel.Context);
    }

    private Tracepoints.Tracepoint Tp(ulong address) => _kernel.TracepointAt(address)
        ?? throw new KernelBugException("bad-tracepoint", $"0x{address:x} is not a struct tracepoint the kernel knows");

    private static ulong? Errno(int ret) => unchecked((ulong)(long)ret);

    private static ulong? Void(bool _) => null;

    private static ulong? Void(Action action)
    {
        action();
        return null;
    }
}
