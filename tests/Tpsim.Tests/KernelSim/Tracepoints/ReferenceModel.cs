using Tpsim.KernelSim.Kernel;
using Tpsim.KernelSim.Memory;
using Tpsim.KernelSim.Strategies;
using Tpsim.KernelSim.Tracepoints;

namespace Tpsim.Tests.KernelSim.Tracepoints;

/// <summary>
/// The list semantics of one tracepoint written as plainly as possible (C# lists, no guest memory, no heap),
/// for comparison with <see cref="TracepointModel"/>. Knows nothing of addresses beyond the placeholder value.
/// </summary>
internal sealed class ReferenceModel(RemovalStrategy strategy, ulong placeholder)
{
    private List<FuncEntry> _array = [];

    /// <summary>double-array: grace-period count when a spare half was last published; null until the first swap of an allocation.</summary>
    private long? _swapSnapshot;

    public IReadOnlyList<FuncEntry> Array => _array;

    /// <summary>Grace periods this tracepoint's removals forced (synchronize_rcu calls that succeeded).</summary>
    public int ForcedSynchronizes { get; private set; }

    private bool IsPlaceholder(ulong f) => placeholder != 0 && f == placeholder;

    /// <param name="allocFails">Whether the allocation this call makes (if it makes one) fails.</param>
    public int Register(ulong func, ulong data, int prio, bool allocFails)
    {
        if (func == 0 || IsPlaceholder(func))
        {
            return -Errno.EINVAL;
        }
        var kept = _array.Where(e => !IsPlaceholder(e.Func)).ToList();
        if (kept.Any(e => e.Func == func && e.Data == data))
        {
            return -Errno.EEXIST;
        }
        if (allocFails)
        {
            return -Errno.ENOMEM;
        }
        var at = kept.Count;
        for (var i = 0; i < kept.Count; i++)
        {
            if (kept[i].Prio < prio)
            {
                at = i;
                break;
            }
        }
        kept.Insert(at, new FuncEntry(func, data, prio));
        _array = kept;
        _swapSnapshot = null;
        return 0;
    }

    /// <param name="gracePeriods">The completed grace-period counter; a forced synchronize advances it.</param>
    public int Unregister(ulong func, ulong data, bool allocFails, bool atomic, ref long gracePeriods)
    {
        bool Match(FuncEntry e) => func != 0 && !IsPlaceholder(func) && e.Func == func && e.Data == data;
        // The kernel: -ENOENT only without an array; an absent pair is removed by copying the array without it.
        if (_array.Count == 0 || func == 0)
        {
            return -Errno.ENOENT;
        }
        var survivors = _array.Where(e => !Match(e) && !IsPlaceholder(e.Func)).ToList();
        if (survivors.Count == 0)
        {
            _array = [];
            _swapSnapshot = null;
            return 0;
        }
        if (strategy.OnRemovalFailure == RemovalFailurePolicy.SpareHalf)
        {
            // double-array v5: no allocation; the other half, after a synchronize if it was left within this grace period.
            if (_swapSnapshot == gracePeriods && !atomic)
            {
                gracePeriods++;
                ForcedSynchronizes++;
            }
            _array = survivors;
            _swapSnapshot = gracePeriods;
            return 0;
        }
        // nofail and sentinel: __GFP_NOFAIL, which fault injection never fails.
        if (!allocFails || (strategy.RemovalFlags & GfpFlags.NoFail) != 0)
        {
            _array = survivors;
            _swapSnapshot = null;
            return 0;
        }
        switch (strategy.OnRemovalFailure)
        {
            case RemovalFailurePolicy.ReturnError:
                return -Errno.ENOMEM;
            case RemovalFailurePolicy.WritePlaceholder:
                _array = _array.Select(e => Match(e) ? e with { Func = placeholder } : e).ToList();
                return 0;
            default:
                throw new InvalidOperationException(strategy.Name);
        }
    }
}
