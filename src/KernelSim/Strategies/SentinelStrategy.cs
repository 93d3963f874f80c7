using Tpsim.KernelSim.Tracepoints;

namespace Tpsim.KernelSim.Strategies;

/// <summary>
/// <c>sentinel</c>: v2, Message-ID 20201117211836.54acaef2@oasis.local.home. On allocation failure the victim's
/// func is overwritten in place with (void *)1 (<see cref="TracepointLayout.SkipMarker"/>) and removal reports
/// success; the iterator skips entries equal to 1, which puts a compare in the hot path (Alexei Starovoitov's
/// objection). Later func_add/func_remove treat the marker as deleted. Simplified: the iterator change is
/// modelled by <see cref="IteratorVariant.Sentinel"/>, written separately; v2's static-call single-probe path is
/// not modelled.
/// </summary>
public sealed class SentinelStrategy : RemovalStrategy
{
    public override string Name => "sentinel";

    public override string Origin => "20201117211836.54acaef2@oasis.local.home (v2)";

    public override string Summary => "on allocation failure writes (void *)1 into the entry in place; the iterator skips entries equal to 1";

    public override string Simplification =>
        "the iterator's skip of (void *)1 is provided by the Sentinel iterator variant; v2's static-call single-probe path is not modelled";

    public override IteratorVariant Iterator => IteratorVariant.Sentinel;

    public override bool UnregisterCanFail => false;

    public override bool RemovalMaySleep => false;

    public override RemovalFailurePolicy OnRemovalFailure => RemovalFailurePolicy.WritePlaceholder;

    public override ulong Placeholder(ulong stubFunc, Tracepoint tracepoint) => TracepointLayout.SkipMarker;
}
