using Tpsim.KernelSim.Tracepoints;

namespace Tpsim.KernelSim.Strategies;

/// <summary>
/// <c>typed-stub</c>: Mark Rutland, March 2023, Message-ID 20230323114012.2162285-1-mark.rutland@arm.com. Like
/// <see cref="StubStrategy"/>, but the value written in place is a stub with the tracepoint's own prototype,
/// so a prototype-checking CFI call site accepts it; the cost is one extra stub per tracepoint. As the patch: the
/// stub is <c>__tracestub_&lt;name&gt;</c>, generated with each tracepoint and reached through
/// <c>struct tracepoint</c>'s <c>stub</c> (<see cref="Tracepoint.Stub"/>), not mainline's later
/// <c>__probestub_&lt;name&gt;</c>, which fprobe registers as a real probe. func_add and func_remove prune entries
/// equal to it; unlike the patch, registering that address as a probe is rejected with -EINVAL (the model's rule
/// for every placeholder).
/// </summary>
public sealed class TypedStubStrategy : RemovalStrategy
{
    public override string Name => "typed-stub";

    public override string Origin => "20230323114012.2162285-1-mark.rutland@arm.com";

    public override string Summary => "on allocation failure writes a stub with the tracepoint's exact prototype into the entry in place";

    public override string Simplification =>
        "registering the tracepoint's __tracestub_<name> as a probe is rejected with -EINVAL (the patch would register it, and prune it at the next change)";

    public override IteratorVariant Iterator => IteratorVariant.Kernel;

    public override RemovalFailurePolicy OnRemovalFailure => RemovalFailurePolicy.WritePlaceholder;

    public override ulong Placeholder(ulong stubFunc, Tracepoint tracepoint) => tracepoint.Stub;
}
