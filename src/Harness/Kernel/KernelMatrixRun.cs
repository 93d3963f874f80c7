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
        IReadOnlyList<(IsaBackend Isa, BuildSpec Build)> selection, KernelTree tree, KernelCache cache, Action<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(selection);
        var isas = selection.Select(s => s.Isa).Distinct().ToList();
        return PerIsa.Run(isas, (isa, abort) =>
        {
            var total = Stopwatch.StartNew();
            var outcomes = new List<CaseOutcome>();
            foreach (var (_, build) in selection.Where(s => s.Isa == isa))
            {
                var kernel = new KernelBuilds(cache, progress).Prepare(tree, isa, build);
                using var runner = new KernelCaseRunner(kernel, cache, progress);
                foreach (var c in KernelMatrix.Cases(isa, build))
                {
                    abort.ThrowIfCancellationRequested();
                    outcomes.Add(runner.Run(c));
                }
            }
            return new IsaOutcomes(isa, outcomes, total.Elapsed);
        });
    }
}
