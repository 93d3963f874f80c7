namespace Tpsim.KernelSim.Strategies;

/// <summary>
/// <c>double-array</c>: v5 of Steven Rostedt's "tracepoint: Do not fail unregistering a probe due to memory
/// failure", Message-ID 20210127170721.58bce7cc@gandalf.local.home (v4, 20210127123951.14f8d321@..., the same
/// without the synchronization; Mathieu Desnoyers' objection to it is the seed mail). func_add allocates
/// (n + 3) * 2 entries: two halves, each opened by a header entry pointing at the other. func_remove never
/// allocates: a removal that leaves probes writes them into the other half and publishes it, so an unregister
/// cannot fail and an injected allocation failure lands on a later add. A half left by a removal may still have
/// readers; v5 stamps it, a work item catches the stamp counter up after a full synchronization, and a removal
/// about to reuse a half stamped since then calls tracepoint_synchronize_unregister() first
/// ("forced-synchronize"). Here the work item's catch-up is the next grace period: a per-allocation snapshot of
/// the completed grace periods at the last switch.
/// </summary>
public sealed class DoubleArrayStrategy : RemovalStrategy
{
    public override string Name => "double-array";

    public override string Origin => "20210127170721.58bce7cc@gandalf.local.home (v5; v4 20210127123951.14f8d321@... without the synchronization)";

    public override string Summary =>
        "arrays are allocated twice over; removal never allocates and builds the smaller array in the other half, synchronizing first when that half was left less than a grace period ago";

    public override string Simplification =>
        "the work item that catches v5's stamp counter up is the next grace period (a snapshot of completed grace periods per allocation); the headers' prio stamps are not written";

    public override IteratorVariant Iterator => IteratorVariant.Kernel;

    public override RemovalFailurePolicy OnRemovalFailure => RemovalFailurePolicy.SpareHalf;

    public override int CapacityFactor => 2;
}
