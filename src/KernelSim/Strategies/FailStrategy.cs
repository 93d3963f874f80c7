using Tpsim.KernelSim.Tracepoints;

namespace Tpsim.KernelSim.Strategies;

/// <summary>
/// <c>fail</c>: kernel/tracepoint.c before Linux 5.12 (before commit befe6d946551). When the smaller array
/// cannot be allocated, func_remove returns ERR_PTR(-ENOMEM) and the probe stays registered; a module that
/// ignores the error and unloads leaves a dangling probe behind (use after free). Faithful: no placeholder
/// exists, so func_add and func_remove skip nothing.
/// </summary>
public sealed class FailStrategy : RemovalStrategy
{
    public override string Name => "fail";

    public override string Origin => "kernel/tracepoint.c before v5.12 (parent of befe6d946551)";

    public override string Summary => "removal returns -ENOMEM when the smaller array cannot be allocated; the probe stays registered";

    public override string Simplification => "";

    public override IteratorVariant Iterator => IteratorVariant.Kernel;

    public override RemovalFailurePolicy OnRemovalFailure => RemovalFailurePolicy.ReturnError;
}
