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

    /// <summary>2023 TRACEPOINT_FUNC_SKIP: a func &lt;= 1 is special; 1 means continue, 0 means stop.</summary>
    Skip,
}
