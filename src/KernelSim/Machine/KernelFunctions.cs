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
    private readonly Engine _engine;
    private readonly CallBridge _bridge;
    private readonly ulong _page;
    private readonly Dictionary<ulong, (string Name, Func<Args, ulong?> Body)> _slots = [];

    public KernelFunctions(KernelMachine kernel, Engine engine, CallBridge bridge, ulong page)
    {
        _kernel = kernel;
        _engine = engine;
        _bridge = bridge;
        _page = page;
    }

    /// <summary>Arguments of the bridged call, read by the ABI on demand.</summary>
    internal readonly struct Args(KernelFunctions owner)
    {
        public ulong this[int index] => owner._bridge.ReadArgument(owner._engine, index);
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
        foreach (var (address, (name, _)) in _slots)
        {
            _engine.Write(address, _bridge.SlotBytes(address));
            symbols.Define(name, address + _bridge.SymbolBias, "vmlinux-bridge");
        }
    }

    /// <summary>Runs the C# body if <paramref name="pc"/> is a slot; the slot's return instruction runs next.</summary>
    public bool TryDispatch(ulong pc)
    {
        if (pc < _page || pc >= _page + 0x1000 || !_slots.TryGetValue(pc, out var fn))
        {
            return false;
        }
        if (fn.Body(new Args(this)) is { } result)
        {
            _bridge.WriteResult(_engine, result);
        }
        return true;
    }

    private void Define(string name, Func<Args, ulong?> body)
    {
        if (_slots.Count == KernelLayout.BridgeSlots)
        {
            throw new InvalidOperationException("the bridge page is full");
        }
        _slots[_page + (ulong)(_slots.Count * _bridge.SlotSize)] = (name, body);
    }

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
