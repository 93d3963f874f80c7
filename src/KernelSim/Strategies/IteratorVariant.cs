namespace Tpsim.KernelSim.Strategies;

/// <summary>
/// Which emulated iterator (<c>__traceiter_&lt;name&gt;</c>) a strategy needs, because the strategy may leave
/// values in the array that the unchanged kernel loop would call.
/// </summary>
public enum IteratorVariant
{
    /// <summary>The mainline loop: call every entry until func is NULL.</summary>
    Kernel,

    /// <summary>v2: the mainline loop, but entries whose func equals (void *)1 are skipped.</summary>
    Sentinel,

    /// <summary>
    /// 2023 TRACEPOINT_FUNC_SKIP as posted: a func &lt;= 1 is special, 0 stops, and 1 continues, which skips the
    /// loop's own it_func_ptr++, so the same entry is read again: a fire over a skip entry never ends.
    /// </summary>
    Skip,

    /// <summary>The same loop with the increment where continue reaches it: 1 moves on to the next entry.</summary>
    SkipFixed,
}
