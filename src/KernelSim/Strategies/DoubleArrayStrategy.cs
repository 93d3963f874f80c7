namespace Tpsim.KernelSim.Strategies;

/// <summary>
/// <c>double-array</c>: Steven Rostedt's RCU variant of 27 January 2021 (v4/v5 discussion, Message-IDs
/// 20210127123951.14f8d321@... and 20210127170721.58bce7cc@...; Mathieu Desnoyers' objection is the seed mail).
/// Every probe array is allocated with room for twice its entries. When func_remove cannot allocate, it copies
/// the survivors into the other half of the current allocation and publishes that half, so removal never
/// fails for lack of memory and nothing is left in place for the iterator to call. A half that readers may
/// still be walking must not be overwritten: a per-tracepoint snapshot of the completed grace periods, taken
/// whenever a half is published this way, tells a later failed removal whether a grace period has passed; if
/// not, it calls synchronize_rcu first ("forced-synchronize").
/// <para>
/// Reconstructed from the mail description (no patch text was available), so in the model: the allocation is
/// rcu_head + 2 * n entries, the live half is entries [0, n) after any successful allocation; a failed removal
/// writes the survivors and a NULL terminator into the half that is not published and publishes it (halves
/// alternate on repeated failures); the first such swap of an allocation needs no synchronize (its spare half
/// was never published); a later one synchronizes when <see cref="Rcu.RcuState.CompletedGracePeriods"/> still
/// equals the snapshot. The mail's "rcu callback to update the counters" is replaced by that snapshot, which is
/// equivalent because every queued callback runs at the next grace period. If synchronize_rcu would be needed in
/// atomic context (rcu_read_lock or preempt_disable held) the model does not deadlock as a kernel would: it
/// logs "might-sleep" and "unregister-failed", returns -ENOMEM and changes nothing. The old allocation (both
/// halves) is released through call_rcu as usual when a fresh array replaces it.
/// </para>
/// </summary>
public sealed class DoubleArrayStrategy : RemovalStrategy
{
    public override string Name => "double-array";

    public override string Origin => "20210127123951.14f8d321@..., 20210127170721.58bce7cc@... (v4/v5 RCU variant)";

    public override string Summary =>
        "arrays have room for twice their entries; a failed removal builds the smaller array in the spare half, calling synchronize_rcu first if the previous swap is less than a grace period old";

    public override string Simplification =>
        "reconstructed from the mail description: the rcu callback that updates the counters is a grace-period snapshot per tracepoint; " +
        "the first swap of an allocation never synchronizes; a needed synchronize_rcu in atomic context returns -ENOMEM instead of deadlocking";

    public override IteratorVariant Iterator => IteratorVariant.Kernel;

    /// <summary>Only in atomic context, when it would have to synchronize (see the class remarks).</summary>
    public override bool UnregisterCanFail => true;

    public override bool RemovalMaySleep => true;

    public override RemovalFailurePolicy OnRemovalFailure => RemovalFailurePolicy.SpareHalf;

    public override int CapacityFactor => 2;
}
