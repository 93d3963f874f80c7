using Tpsim.KernelSim.Memory;
using Tpsim.KernelSim.Tracepoints;

namespace Tpsim.KernelSim.Strategies;

/// <summary>What <c>func_remove</c> does when allocating the smaller array fails.</summary>
public enum RemovalFailurePolicy
{
    /// <summary>Return -ENOMEM and change nothing: the probe stays in the array.</summary>
    ReturnError,

    /// <summary>Write <see cref="RemovalStrategy.Placeholder"/> into each matching entry in place and report success.</summary>
    WritePlaceholder,

    /// <summary>The removal allocation is __GFP_NOFAIL, so it cannot fail.</summary>
    NoFailAllocation,

    /// <summary>Never allocate on removal: build the smaller array in the other half of the current allocation (double-array v5).</summary>
    SpareHalf,
}

/// <summary>
/// One way of removing a tracepoint probe when the kernel cannot allocate the smaller array (background.md
/// section 3). A strategy is a description plus the few knobs <see cref="TracepointModel"/> consults:
/// how big arrays are (<see cref="CapacityFactor"/>), which flags the removal allocation uses
/// (<see cref="RemovalFlags"/>), what a failed removal allocation leads to (<see cref="OnRemovalFailure"/>)
/// and which value, if any, it leaves in an entry in place (<see cref="Placeholder"/>); func_add and
/// func_remove prune entries holding that value. Instances are stateless singletons (<see cref="Strategies"/>).
/// </summary>
public abstract class RemovalStrategy
{
    /// <summary>The scenario and command-line name, lower case.</summary>
    public abstract string Name { get; }

    /// <summary>Where it comes from: a Message-ID (lore.kernel.org/r/&lt;id&gt;) or a commit.</summary>
    public abstract string Origin { get; }

    /// <summary>One sentence: what removal does when the allocation fails.</summary>
    public abstract string Summary { get; }

    /// <summary>What the model leaves out or reconstructs relative to the source; "" when faithful.</summary>
    public abstract string Simplification { get; }

    public abstract IteratorVariant Iterator { get; }

    public abstract RemovalFailurePolicy OnRemovalFailure { get; }

    /// <summary>Each allocation holds this many arrays of the requested entry count (2 for double-array).</summary>
    public virtual int CapacityFactor => 1;

    /// <summary>Flags of the allocation func_remove makes; func_add always uses GFP_KERNEL.</summary>
    public virtual GfpFlags RemovalFlags => GfpFlags.Kernel;

    /// <summary>
    /// The func value this strategy writes into an entry in place instead of removing it, and which func_add and
    /// func_remove treat as already deleted; 0 when it never writes one. <paramref name="stubFunc"/> is the guest
    /// address of tp_stub_func.
    /// </summary>
    public virtual ulong Placeholder(ulong stubFunc, Tracepoint tracepoint) => 0;

    public override string ToString() => Name;
}
