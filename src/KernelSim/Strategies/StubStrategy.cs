using Tpsim.KernelSim.Tracepoints;

namespace Tpsim.KernelSim.Strategies;

/// <summary>
/// <c>stub</c>: v3, merged in Linux 5.12 as commit befe6d946551 ("tracepoint: Do not fail unregistering a probe
/// due to memory failure"), Message-ID 20201118093405.7a6d2290@gandalf.local.home. On allocation failure every
/// entry matching (func, data) is overwritten in place with tp_stub_func (<c>void tp_stub_func(void)</c>),
/// nothing is published or freed, and removal reports success; func_add and func_remove later prune the stubs.
/// The iterator is unchanged, so the stub is called with arguments it does not declare. Faithful to
/// kernel/tracepoint.c since 5.12, except the model-wide -ENOENT rule documented on <see cref="TracepointModel"/>.
/// </summary>
public sealed class StubStrategy : RemovalStrategy
{
    public override string Name => "stub";

    public override string Origin => "befe6d946551 (20201118093405.7a6d2290@gandalf.local.home, v3)";

    public override string Summary => "on allocation failure writes tp_stub_func into the entry in place; the iterator calls it with the tracepoint's arguments";

    public override string Simplification => "";

    public override IteratorVariant Iterator => IteratorVariant.Kernel;

    public override RemovalFailurePolicy OnRemovalFailure => RemovalFailurePolicy.WritePlaceholder;

    public override ulong Placeholder(ulong stubFunc, Tracepoint tracepoint) => stubFunc;
}
