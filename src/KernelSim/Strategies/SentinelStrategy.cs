using Tpsim.KernelSim.Memory;
using Tpsim.KernelSim.Tracepoints;

namespace Tpsim.KernelSim.Strategies;

/// <summary>
/// <c>sentinel</c>: v2, Message-ID 20201117211836.54acaef2@oasis.local.home. The removal allocation keeps v1's
/// __GFP_NOFAIL, so it never fails and never consumes an injected failure (that lands on a later add); only as the
/// fallback would the victim's func be overwritten in place with (void *)1 (<see cref="TracepointLayout.SkipMarker"/>),
/// which the iterator compares against on every call (Alexei Starovoitov's objection) and func_add/func_remove treat
/// as deleted. Simplified: the iterator change is modelled by <see cref="IteratorVariant.Sentinel"/>.
/// </summary>
public sealed class SentinelStrategy : RemovalStrategy
{
    public override string Name => "sentinel";

    public override string Origin => "20201117211836.54acaef2@oasis.local.home (v2)";

    public override string Summary => "the removal allocation uses __GFP_NOFAIL; only as its fallback would (void *)1 be written in place, which the iterator skips";

    public override string Simplification =>
        "the iterator's skip of (void *)1 is provided by the Sentinel iterator variant; the (void *)1 fallback is unreachable behind __GFP_NOFAIL";

    public override IteratorVariant Iterator => IteratorVariant.Sentinel;

    public override RemovalFailurePolicy OnRemovalFailure => RemovalFailurePolicy.WritePlaceholder;

    public override GfpFlags RemovalFlags => GfpFlags.Kernel | GfpFlags.NoFail;

    public override ulong Placeholder(ulong stubFunc, Tracepoint tracepoint) => TracepointLayout.SkipMarker;
}
