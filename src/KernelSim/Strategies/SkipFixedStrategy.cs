namespace Tpsim.KernelSim.Strategies;

/// <summary>
/// <c>skip-fixed</c>: <see cref="SkipStrategy"/> with the one change its posted loop needs, the increment in the for
/// statement, so a continue on TRACEPOINT_FUNC_SKIP moves on to the next entry. Not posted; what the design meant.
/// </summary>
public sealed class SkipFixedStrategy : SkipStrategy
{
    public override string Name => "skip-fixed";

    public override string Origin => "20230324123142.7463-1-mathieu.desnoyers@efficios.com, with the loop's increment where continue reaches it (not posted)";

    public override string Summary => "skip with the iterator fixed: TRACEPOINT_FUNC_SKIP entries are passed over";

    public override IteratorVariant Iterator => IteratorVariant.SkipFixed;
}
