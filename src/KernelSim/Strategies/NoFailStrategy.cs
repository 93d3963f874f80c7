using Tpsim.KernelSim.Memory;
using Tpsim.KernelSim.Tracepoints;

namespace Tpsim.KernelSim.Strategies;

/// <summary>
/// <c>nofail</c>: v1 of "tracepoint: Do not fail unregistering a probe due to memory allocation",
/// Message-ID 20201116175107.02db396d@gandalf.local.home. The removal allocation passes __GFP_NOFAIL, so it
/// never returns NULL; the price is that the allocator may loop or block for as long as memory is short, in a
/// path whose callers have their own failure policy. Fault injection returns early for __GFP_NOFAIL, so the
/// removal never consumes an injected failure: it lands on the next allocation that may fail (a later add's
/// -ENOMEM). No entry is ever written in place, so there is no placeholder to prune. Simplified: v1's
/// tp_stub_func fallback is unreachable here, since the allocation cannot fail.
/// </summary>
public sealed class NoFailStrategy : RemovalStrategy
{
    public override string Name => "nofail";

    public override string Origin => "20201116175107.02db396d@gandalf.local.home (v1)";

    public override string Summary => "the removal allocation uses __GFP_NOFAIL, so removal never fails (it may wait for memory instead)";

    public override string Simplification =>
        "the retry loop of __GFP_NOFAIL is not modelled (it cannot fail here); v1's tp_stub_func fallback is never reached";

    public override IteratorVariant Iterator => IteratorVariant.Kernel;

    public override RemovalFailurePolicy OnRemovalFailure => RemovalFailurePolicy.NoFailAllocation;

    public override GfpFlags RemovalFlags => GfpFlags.Kernel | GfpFlags.NoFail;
}
