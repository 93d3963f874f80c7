using Tpsim.Emulator.Memory;
using Tpsim.KernelSim.Kernel;
using Tpsim.KernelSim.Memory;
using Tpsim.KernelSim.Rcu;
using Tpsim.KernelSim.Strategies;

namespace Tpsim.KernelSim.Tracepoints;

/// <summary>
/// Probe registration and removal as kernel/tracepoint.c does it since Linux 5.12 (func_add, func_remove,
/// allocate_probes, release_probes, the static key), with the behaviour on a failed removal allocation taken
/// from a <see cref="RemovalStrategy"/>.
/// <para>
/// Everything emulated code reads lives in guest memory and is written through <see cref="IEmulatedMemory"/>:
/// the <c>key</c> and <c>funcs</c> words of each <c>struct tracepoint</c> and the probe arrays, which come from
/// <see cref="KernelHeap"/>. C# keeps only metadata: which allocation an array pointer belongs to, its size in
/// entries and, for double-array, which half is published and when. An array that is replaced is released
/// through <see cref="RcuState.CallRcu"/> and freed (unmapped) at the next grace period, never at once.
/// </para>
/// <para>
/// As the kernel, unregistering a (func, data) pair that is not in the array returns 0 after copying the array
/// (-ENOENT, with a one-time warning, only when funcs is NULL); the model/real differential test checks this.
/// Deviations from the kernel, shared by every strategy: registering func 0 or the strategy's placeholder value
/// returns -EINVAL, and unregistering func 0 returns -ENOENT; the static calls themselves and regfunc/unregfunc are
/// not modelled, but their transitions' waits are: tp_rcu_get_state and tp_rcu_cond_sync as 6.12 calls them, so a
/// 2 -> 1 removal whose first entry's data changed reaches cond_synchronize_rcu (<see cref="Sleeps"/>). Register and Unregister check might_sleep (they take
/// tracepoints_mutex): from atomic context they log "might-sleep" and carry on. Words follow <see cref="Abi"/>.
/// </para>
/// </summary>
public sealed class TracepointModel
{
    /// <summary>Allocation path of func_add, for <see cref="AllocationFaults.FailPath"/>.</summary>
    public const string AddPath = "func_add";

    /// <summary>Allocation path of func_remove, for <see cref="AllocationFaults.FailPath"/>.</summary>
    public const string RemovePath = "func_remove";

    /// <summary>Longest array <see cref="ReadArray(Tracepoint)"/> walks when the array was not allocated by this model.</summary>
    public const int MaxForeignEntries = 4096;

    private readonly IEmulatedMemory _memory;
    private readonly KernelHeap _heap;
    private readonly RcuState _rcu;
    private readonly Dmesg _dmesg;

    /// <summary>Array pointer (either half for double-array) to the allocation it lies in.</summary>
    private readonly Dictionary<ulong, Block> _byPointer = [];

    /// <summary>WARN_ON_ONCE's flag: the NULL-array warning is printed once per boot.</summary>
    private bool _warnedNoArray;

    /// <summary>tp_transition_snapshot[].ongoing of 6.12, global like the kernel's: SYNC_1_0_1 and SYNC_N_2_1.</summary>
    private bool _ongoing101, _ongoingN21;

    /// <summary>
    /// The kernel services that may sleep (named as the real kernel calls them: cond_synchronize_rcu, synchronize_srcu,
    /// synchronize_rcu, kmalloc(__GFP_NOFAIL)) the last <see cref="Register"/> or <see cref="Unregister"/> reached.
    /// </summary>
    public List<string> Sleeps { get; } = [];

    public TracepointModel(IEmulatedMemory memory, KernelHeap heap, RcuState rcu, Dmesg dmesg, RemovalStrategy strategy, ulong stubFunc, TracepointAbi? abi = null)
    {
        Abi = abi ?? TracepointAbi.Lp64;
        _memory = memory ?? throw new ArgumentNullException(nameof(memory));
        _heap = heap ?? throw new ArgumentNullException(nameof(heap));
        _rcu = rcu ?? throw new ArgumentNullException(nameof(rcu));
        _dmesg = dmesg ?? throw new ArgumentNullException(nameof(dmesg));
        Strategy = strategy ?? throw new ArgumentNullException(nameof(strategy));
        if (strategy.CapacityFactor < 1)
        {
            throw new ArgumentException($"strategy {strategy.Name}: capacity factor {strategy.CapacityFactor} < 1", nameof(strategy));
        }
        if (strategy is StubStrategy && stubFunc == 0)
        {
            throw new ArgumentException("the stub strategy needs the guest address of tp_stub_func", nameof(stubFunc));
        }
        StubFunc = stubFunc;
    }

    public RemovalStrategy Strategy { get; }

    /// <summary>Word size and byte order of every structure the model reads and writes.</summary>
    public TracepointAbi Abi { get; }

    /// <summary>Guest address of tp_stub_func.</summary>
    public ulong StubFunc { get; }

    /// <summary>
    /// tracepoint_probe_register_prio: 0, -EEXIST when (func, data) is already registered, -ENOMEM when the new
    /// array cannot be allocated (nothing changes), -EINVAL for func 0 or the strategy's placeholder value.
    /// </summary>
    public int Register(Tracepoint tp, ulong func, ulong data, int prio = TracepointLayout.DefaultPrio)
    {
        ArgumentNullException.ThrowIfNull(tp);
        Sleeps.Clear();
        _rcu.MightSleep("tracepoint_probe_register");
        var placeholder = Placeholder(tp);
        if (func == 0 || func == placeholder)
        {
            return -Errno.EINVAL;
        }
        var old = ArrayPointer(tp);
        var entries = old == 0 ? [] : ReadEntries(old);
        var kept = new List<FuncEntry>(entries.Count + 1);
        foreach (var e in entries)
        {
            if (IsPlaceholder(e.Func, placeholder))
            {
                continue;
            }
            if (e.Func == func && e.Data == data)
            {
                return -Errno.EEXIST;
            }
            kept.Add(e);
        }
        var block = AllocateProbes(tp, kept.Count + 2, GfpFlags.Kernel, AddPath);
        if (block is null)
        {
            return -Errno.ENOMEM;
        }
        // Before the first entry of lower priority: higher prio first, equal prios in registration order.
        var pos = kept.FindIndex(e => e.Prio < prio);
        kept.Insert(pos < 0 ? kept.Count : pos, new FuncEntry(func, data, prio));
        WriteEntries(block.HalfPointer(0), kept);
        Publish(tp, block.HalfPointer(0));
        if (kept.Count == 1)
        {
            CondSync(ref _ongoing101); // 0 -> 1
        }
        else if (entries.Count == 0 || kept[0].Data != entries[0].Data)
        {
            _ongoingN21 = true;
        }
        if (old != 0)
        {
            ReleaseProbes(tp, old);
        }
        return 0;
    }

    /// <summary>tp_rcu_cond_sync: waits (cond_synchronize_rcu) only when a transition's snapshot is outstanding.</summary>
    private void CondSync(ref bool ongoing)
    {
        if (ongoing)
        {
            Sleeps.Add("cond_synchronize_rcu");
            ongoing = false;
        }
    }

    /// <summary>tracepoint_remove_func's transitions after a new array (or none) was published in place of <paramref name="before"/>.</summary>
    private void RemovalTransition(IReadOnlyList<FuncEntry> before, IReadOnlyList<FuncEntry> after)
    {
        if (after.Count == 0)
        {
            _ongoing101 = true; // 1 -> 0
            return;
        }
        if (after[0].Data != before[0].Data)
        {
            _ongoingN21 = true;
        }
        if (after.Count == 1)
        {
            CondSync(ref _ongoingN21); // 2 -> 1
        }
    }

    /// <summary>
    /// tracepoint_probe_unregister: 0, also when (func, data) is not in the array; -ENOENT when there is no array; -ENOMEM when the smaller array
    /// cannot be allocated and the strategy gives up (fail).
    /// </summary>
    public int Unregister(Tracepoint tp, ulong func, ulong data)
    {
        ArgumentNullException.ThrowIfNull(tp);
        Sleeps.Clear();
        _rcu.MightSleep("tracepoint_probe_unregister");
        var old = ArrayPointer(tp);
        if (old == 0)
        {
            // func_remove's ERR_PTR(-ENOENT) trips WARN_ON_ONCE(IS_ERR(old)) in tracepoint_remove_func.
            if (!_warnedNoArray)
            {
                _warnedNoArray = true;
                _dmesg.Add("warning", $"WARNING: tracepoint_remove_func: no array to remove 0x{func:x} from ({tp.Name}), -ENOENT");
            }
            return -Errno.ENOENT;
        }
        var placeholder = Placeholder(tp);
        var entries = ReadEntries(old);
        bool Matches(FuncEntry e) => func != 0 && e.Func == func && e.Data == data && !IsPlaceholder(e.Func, placeholder);
        if (func == 0)
        {
            return -Errno.ENOENT;
        }
        // An absent (func, data) is no error: func_remove copies the array without it, placeholders pruned, and
        // that copy's allocation can fail like any other.
        var survivors = entries.Where(e => !Matches(e) && !IsPlaceholder(e.Func, placeholder)).ToList();
        if (survivors.Count == 0)
        {
            // N -> 0: no allocation, so this path cannot fail.
            Publish(tp, 0);
            RemovalTransition(entries, survivors);
            ReleaseProbes(tp, old);
            return 0;
        }
        if (Strategy.OnRemovalFailure == RemovalFailurePolicy.SpareHalf)
        {
            // double-array v5: func_remove never allocates; the other half takes the survivors.
            return PublishSpareHalf(tp, old, entries, survivors, func);
        }
        var block = AllocateProbes(tp, survivors.Count + 1, Strategy.RemovalFlags, RemovePath);
        if (block is not null)
        {
            WriteEntries(block.HalfPointer(0), survivors);
            Publish(tp, block.HalfPointer(0));
            RemovalTransition(entries, survivors);
            ReleaseProbes(tp, old);
            return 0;
        }
        switch (Strategy.OnRemovalFailure)
        {
            case RemovalFailurePolicy.ReturnError:
                _dmesg.Add("unregister-failed", $"tracepoint_probe_unregister({tp.Name}, 0x{func:x}): -ENOMEM, the probe stays registered");
                return -Errno.ENOMEM;
            case RemovalFailurePolicy.WritePlaceholder:
                return WritePlaceholders(tp, old, entries, func, data, RequirePlaceholder(tp));
            case RemovalFailurePolicy.SpareHalf:
            case RemovalFailurePolicy.NoFailAllocation:
            default:
                throw new InvalidOperationException($"strategy {Strategy.Name}: a {Strategy.RemovalFlags} allocation returned NULL");
        }
    }

    /// <summary>The published array read from guest memory, up to the NULL func, placeholders included; empty when funcs is NULL.</summary>
    public IReadOnlyList<FuncEntry> ReadArray(Tracepoint tp)
    {
        ArgumentNullException.ThrowIfNull(tp);
        var p = ArrayPointer(tp);
        return p == 0 ? [] : ReadEntries(p);
    }

    /// <summary>The <c>funcs</c> word of the tracepoint in guest memory.</summary>
    public ulong ArrayPointer(Tracepoint tp)
    {
        ArgumentNullException.ThrowIfNull(tp);
        return ReadWord(tp.FuncsAddress);
    }

    /// <summary>The static key: whether the <c>key</c> word in guest memory is non-zero.</summary>
    public bool Enabled(Tracepoint tp)
    {
        ArgumentNullException.ThrowIfNull(tp);
        return ReadWord(tp.KeyAddress) != 0;
    }

    /// <summary>The heap allocation the published array lies in (its rcu_head); 0 when funcs is NULL.</summary>
    public ulong AllocationOf(Tracepoint tp)
    {
        var p = ArrayPointer(tp);
        return p == 0 ? 0 : FindBlock(p).Allocation;
    }

    /// <summary>The value this model's strategy writes in place for <paramref name="tp"/>; 0 when it writes none.</summary>
    public ulong Placeholder(Tracepoint tp) => Strategy.Placeholder(StubFunc, tp);

    /// <summary>Arrays replaced but not yet freed (waiting for a grace period).</summary>
    public int RetiredArrays => _byPointer.Values.Distinct().Count(b => b.Retired);

    private static bool IsPlaceholder(ulong func, ulong placeholder) => placeholder != 0 && func == placeholder;

    private ulong RequirePlaceholder(Tracepoint tp)
    {
        var p = Placeholder(tp);
        return p != 0
            ? p
            : throw new InvalidOperationException($"strategy {Strategy.Name} has no value to write in place for {tp.Name} (is its stub 0?)");
    }

    private Block? AllocateProbes(Tracepoint tp, int entries, GfpFlags flags, string path)
    {
        // double-array v5: each half opens with a header entry pointing at the other half.
        var header = Strategy.CapacityFactor > 1 ? 1 : 0;
        var bytes = (ulong)Abi.RcuHeadSize + (ulong)(entries + header) * (ulong)Abi.FuncEntrySize * (ulong)Strategy.CapacityFactor;
        if ((flags & GfpFlags.NoFail) != 0)
        {
            Sleeps.Add("kmalloc(__GFP_NOFAIL)");
        }
        var allocation = _heap.Kmalloc(bytes, flags, path);
        if (allocation == 0)
        {
            return null;
        }
        var block = new Block(tp, allocation, entries, Strategy.CapacityFactor, header, Abi);
        for (var h = 0; h < block.Halves && header > 0; h++)
        {
            // header.func = the other half's header; the stamps start equal, so the first switch needs no synchronize.
            WriteWord(block.HalfPointer(h) - (ulong)Abi.FuncEntrySize, block.HalfPointer(1 - h) - (ulong)Abi.FuncEntrySize);
        }
        for (var h = 0; h < block.Halves; h++)
        {
            _byPointer.Add(block.HalfPointer(h), block);
        }
        return block;
    }

    /// <summary>release_probes: the allocation is freed by an RCU callback once readers are done with it.</summary>
    private void ReleaseProbes(Tracepoint tp, ulong arrayPointer)
    {
        var block = FindBlock(arrayPointer);
        if (block.Retired)
        {
            throw new InvalidOperationException($"{tp.Name}: array 0x{arrayPointer:x} released twice");
        }
        block.Retired = true;
        _rcu.CallRcu($"rcu_free_old_probes {tp.Name} 0x{block.Allocation:x}", () =>
        {
            for (var h = 0; h < block.Halves; h++)
            {
                _byPointer.Remove(block.HalfPointer(h));
            }
            _heap.Kfree(block.Allocation);
        });
    }

    /// <summary>rcu_assign_pointer(tp->funcs, p), with the static key following the NULL / non-NULL transitions.</summary>
    private void Publish(Tracepoint tp, ulong pointer)
    {
        var old = ReadWord(tp.FuncsAddress);
        if (pointer == 0 && old != 0)
        {
            WriteWord(tp.KeyAddress, 0);
        }
        WriteWord(tp.FuncsAddress, pointer);
        if (pointer != 0 && old == 0)
        {
            WriteWord(tp.KeyAddress, 1);
        }
    }

    private int WritePlaceholders(Tracepoint tp, ulong array, IReadOnlyList<FuncEntry> entries, ulong func, ulong data, ulong placeholder)
    {
        for (var i = 0; i < entries.Count; i++)
        {
            if (entries[i].Func == func && entries[i].Data == data)
            {
                // WRITE_ONCE(old[i].func, placeholder): only the func word changes.
                WriteWord(array + (ulong)(i * Abi.FuncEntrySize), placeholder);
                _dmesg.Add(
                    "placeholder-written",
                    $"tracepoint_probe_unregister({tp.Name}, 0x{func:x}): no memory for a new array, entry {i} now 0x{placeholder:x} ({Strategy.Name})");
            }
        }
        return 0;
    }

    /// <summary>
    /// double-array v5's func_remove for a removal that leaves probes: no allocation; the survivors go into the other
    /// half, after synchronizing (synchronize_srcu, synchronize_rcu) when that half was left by a removal with no
    /// grace period since (the kernel's stamp in each half's header and the work item that catches the counter up
    /// at the next grace period).
    /// </summary>
    private int PublishSpareHalf(Tracepoint tp, ulong current, IReadOnlyList<FuncEntry> before, List<FuncEntry> survivors, ulong func)
    {
        var block = FindBlock(current);
        if (block.Halves < 2)
        {
            throw new InvalidOperationException($"strategy {Strategy.Name}: the array of {tp.Name} has no spare half");
        }
        var published = block.HalfOf(current);
        var target = 1 - published;
        if (survivors.Count + 1 > block.Entries)
        {
            throw new InvalidOperationException($"{tp.Name}: {survivors.Count} survivors do not fit a half of {block.Entries} entries");
        }
        if (block.SwapSnapshot is long snapshot && _rcu.CompletedGracePeriods == snapshot)
        {
            // The target half was published until the previous switch and no grace period has ended since:
            // readers may still be walking it. v5 synchronizes whatever the context (from atomic context that is
            // the kernel's "sleeping function called from invalid context" splat, which MightSleep logs).
            _dmesg.Add(
                "forced-synchronize",
                $"tracepoint_probe_unregister({tp.Name}, 0x{func:x}): the other half was left less than a grace period ago, tracepoint_synchronize_unregister()");
            Sleeps.Add("synchronize_srcu");
            Sleeps.Add("synchronize_rcu");
            _rcu.Synchronize("tracepoint_probe_unregister");
        }
        var pointer = block.HalfPointer(target);
        WriteEntries(pointer, survivors);
        Publish(tp, pointer);
        block.SwapSnapshot = _rcu.CompletedGracePeriods;
        _dmesg.Add(
            "spare-half",
            $"tracepoint_probe_unregister({tp.Name}, 0x{func:x}): no allocation, the survivors went into the other half at 0x{pointer:x}");
        RemovalTransition(before, survivors);
        return 0;
    }

    private Block FindBlock(ulong pointer) =>
        _byPointer.TryGetValue(pointer, out var b)
            ? b
            : throw new InvalidOperationException($"funcs 0x{pointer:x} is not an array this model allocated");

    /// <summary>
    /// <see cref="ReadArray(Tracepoint)"/> into <paramref name="into"/>, which is cleared first: a fire reads the array
    /// every time, and this reuses the caller's list and the model's read buffer.
    /// </summary>
    public void ReadArray(Tracepoint tp, List<FuncEntry> into)
    {
        ArgumentNullException.ThrowIfNull(tp);
        ArgumentNullException.ThrowIfNull(into);
        into.Clear();
        var p = ArrayPointer(tp);
        if (p != 0)
        {
            ReadEntries(p, into);
        }
    }

    private byte[] _readBuffer = [];

    private List<FuncEntry> ReadEntries(ulong pointer) => ReadEntries(pointer, []);

    private List<FuncEntry> ReadEntries(ulong pointer, List<FuncEntry> list)
    {
        var known = _byPointer.TryGetValue(pointer, out var b);
        var max = known ? b!.Entries : MaxForeignEntries;
        // An array this model allocated is read in one access (every fire reads it); a foreign pointer entry by
        // entry, so that a missing terminator faults at the first unmapped entry and not before.
        byte[]? all = null;
        if (known)
        {
            if (_readBuffer.Length < max * Abi.FuncEntrySize)
            {
                _readBuffer = new byte[max * Abi.FuncEntrySize];
            }
            all = _readBuffer;
            _memory.Read(pointer, all.AsSpan(0, max * Abi.FuncEntrySize));
        }
        Span<byte> one = stackalloc byte[Abi.FuncEntrySize];
        for (var i = 0; i < max; i++)
        {
            var buf = all is null ? one : all.AsSpan(i * Abi.FuncEntrySize, Abi.FuncEntrySize);
            if (all is null)
            {
                _memory.Read(pointer + (ulong)(i * Abi.FuncEntrySize), buf);
            }
            var f = Abi.GetWord(buf);
            if (f == 0)
            {
                return list;
            }
            list.Add(new FuncEntry(
                f,
                Abi.GetWord(buf[Abi.EntryDataOffset..]),
                Abi.GetPrio(buf[Abi.EntryPrioOffset..])));
        }
        throw new InvalidOperationException($"probe array 0x{pointer:x} has no NULL terminator within {max} entries");
    }

    /// <summary>Writes the entries and a zeroed terminator in one go.</summary>
    private void WriteEntries(ulong pointer, IReadOnlyList<FuncEntry> entries)
    {
        var bytes = new byte[(entries.Count + 1) * Abi.FuncEntrySize];
        for (var i = 0; i < entries.Count; i++)
        {
            var s = bytes.AsSpan(i * Abi.FuncEntrySize, Abi.FuncEntrySize);
            Abi.PutWord(s, entries[i].Func);
            Abi.PutWord(s[Abi.EntryDataOffset..], entries[i].Data);
            Abi.PutPrio(s[Abi.EntryPrioOffset..], entries[i].Prio);
        }
        _memory.Write(pointer, bytes);
    }

    private ulong ReadWord(ulong address) => Abi.ReadWord(_memory, address);

    private void WriteWord(ulong address, ulong value) => Abi.WriteWord(_memory, address, value);

    /// <summary>One allocate_probes allocation: rcu_head, then <see cref="Halves"/> arrays of <see cref="Entries"/> entries.</summary>
    private sealed class Block(Tracepoint tp, ulong allocation, int entries, int halves, int header, TracepointAbi abi)
    {
        public Tracepoint Tracepoint { get; } = tp;

        public ulong Allocation { get; } = allocation;

        /// <summary>Entries per half, the NULL terminator included.</summary>
        public int Entries { get; } = entries;

        public int Halves { get; } = halves;

        /// <summary>Handed to release_probes; freed at the next grace period.</summary>
        public bool Retired { get; set; }

        /// <summary>double-array: completed grace periods when a half was last published by a failed removal.</summary>
        public long? SwapSnapshot { get; set; }

        /// <summary>A half's array, after its <paramref name="half"/> header entry (double-array v5; none otherwise).</summary>
        public ulong HalfPointer(int half) =>
            Allocation + (ulong)abi.RcuHeadSize + ((ulong)half * (ulong)(Entries + header) + (ulong)header) * (ulong)abi.FuncEntrySize;

        public int HalfOf(ulong pointer)
        {
            for (var h = 0; h < Halves; h++)
            {
                if (HalfPointer(h) == pointer)
                {
                    return h;
                }
            }
            throw new InvalidOperationException($"0x{pointer:x} is not an array of allocation 0x{Allocation:x} ({Tracepoint.Name})");
        }
    }
}
