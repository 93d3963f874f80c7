using System.Diagnostics;
using Tpsim.Emulator.Isa;
using Tpsim.Emulator.Running;
using Tpsim.Emulator.Toolchain;
using Tpsim.Harness.Running;
using Tpsim.Linux;
using Tpsim.Linux.Build;
using Tpsim.Linux.Trees;

namespace Tpsim.Harness.Kernel;

/// <summary>
/// <c>tpsim matrix --kernel</c>: per ISA (in parallel) and per build (in turn), the tree built by kbuild and every
/// <see cref="KernelMatrix"/> case run on it. The outcomes are the simulated matrix's, so every report format applies.
/// </summary>
public static class KernelMatrixRun
{
    public static IReadOnlyList<IsaOutcomes> Execute(
        IReadOnlyList<(IsaBackend Isa, BuildSpec Build)> selection, KernelTree tree, KernelCache cache, Action<string>? progress = null) =>
        Execute(Plan(selection, Shard.Whole), tree, cache, progress);

    /// <summary>Every <see cref="KernelMatrix"/> case of the selection, ISA-major as the run reports them, and the shard's share.</summary>
    public static ShardPlan Plan(IReadOnlyList<(IsaBackend Isa, BuildSpec Build)> selection, Shard shard)
    {
        ArgumentNullException.ThrowIfNull(selection);
        var isas = selection.Select(s => s.Isa).Distinct().ToList();
        return ShardPlan.Of(isas, [.. selection.Select(s => new ShardPlan.Entry(s.Isa, s.Build, KernelMatrix.Cases(s.Isa, s.Build)))], [], shard);
    }

    /// <param name="caseDone">Called after each case (a progress display counts them).</param>
    /// <param name="traceNotBalanced">Records each fire and keeps the trace of a case that did not end balanced (<see cref="CaseOutcome.Trace"/>).</param>
    public static IReadOnlyList<IsaOutcomes> Execute(ShardPlan plan, KernelTree tree, KernelCache cache, Action<string>? progress = null, Action? caseDone = null, bool traceNotBalanced = false)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return PerIsa.Run([.. plan.Isas.Select(i => i.Isa)], (isa, abort) =>
        {
            var total = Stopwatch.StartNew();
            var share = plan.For(isa);
            var outcomes = new List<CaseOutcome>();
            // A build none of whose cases fall in this shard is not prepared: kbuild is the costly part.
            foreach (var (build, cases, _) in share.Builds.Where(b => b.Cases.Count > 0))
            {
                var kernel = new KernelBuilds(cache, progress).Prepare(tree, isa, build);
                using var runner = new KernelCaseRunner(kernel, cache, progress) { TraceNotBalanced = traceNotBalanced };
                foreach (var (c, position) in cases)
                {
                    abort.ThrowIfCancellationRequested();
                    outcomes.Add(runner.Run(c) with { Position = position });
                    caseDone?.Invoke();
                }
            }
            return new IsaOutcomes(isa, outcomes, total.Elapsed) { Planned = share.Planned };
        });
    }
}
