using Tpsim.KernelSim.Tracepoints;

namespace Tpsim.KernelSim.Strategies;

/// <summary>
/// <c>skip</c>: Mathieu Desnoyers, March 2023, Message-ID 20230324123142.7463-1-mathieu.desnoyers@efficios.com.
/// On allocation failure the entry's func becomes TRACEPOINT_FUNC_SKIP ((void *)1,
/// <see cref="TracepointLayout.SkipMarker"/>); the iterator treats func &lt;= 1 specially (1: continue, 0: stop), so
/// the common path keeps a single compare. As posted (v2 and v3), the continue jumps over the loop's it_func_ptr++:
/// a fire over a skip entry reads it again forever (<see cref="IteratorVariant.Skip"/>). <see cref="SkipFixedStrategy"/>
/// is the same with the increment where continue reaches it. Array maintenance is the same as
/// <see cref="SentinelStrategy"/>. Simplified: the patch's other changes (documentation, static-call handling) are
/// not modelled.
/// </summary>
public class SkipStrategy : RemovalStrategy
{
    public override string Name => "skip";

    public override string Origin => "20230324123142.7463-1-mathieu.desnoyers@efficios.com";

    public override string Summary => "on allocation failure writes TRACEPOINT_FUNC_SKIP ((void *)1) into the entry in place; the iterator treats func <= 1 specially";

    public override string Simplification =>
        "the iterator change is provided by the Skip iterator variant; the patch's static-call handling is not modelled";

    public override IteratorVariant Iterator => IteratorVariant.Skip;

    public override RemovalFailurePolicy OnRemovalFailure => RemovalFailurePolicy.WritePlaceholder;

    public override ulong Placeholder(ulong stubFunc, Tracepoint tracepoint) => TracepointLayout.SkipMarker;
}
