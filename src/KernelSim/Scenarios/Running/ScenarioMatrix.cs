using Tpsim.Emulator.Running;
using Tpsim.Emulator.Isa;
using Tpsim.Emulator.Toolchain;
using Tpsim.KernelSim.Scenarios;
using Tpsim.KernelSim.Scenarios.Running;
using Tpsim.KernelSim.Strategies;

namespace Tpsim.KernelSim.Scenarios.Running;

/// <summary>Runs one scenario for every requested ISA and strategy: one thread per ISA, strategies in order, results in a fixed order.</summary>
public static class ScenarioMatrix
{
    public static IReadOnlyList<ScenarioRun> Execute(Scenario scenario, IReadOnlyList<IsaBackend> isas, IReadOnlyList<RemovalStrategy> strategies, IReadOnlyList<BuildSpec>? builds = null, bool countInstructions = false, int? explainLine = null, bool traceNotBalanced = false) =>
        [.. PerIsa.Run(
            isas,
            (isa, abort) =>
            {
                var runner = new ScenarioRunner(new Compiler()) { CountInstructions = countInstructions, ExplainLine = explainLine, TraceNotBalanced = traceNotBalanced };
                // Builds that do not apply to this ISA (pac-bti on riscv64) are left out, as in the matrix.
                var applicable = (builds ?? [BuildSpec.Default]).Where(b => b.IsDefault || isa.Toolchain.FlagsFor(b, out _) is not null);
                return applicable.SelectMany(b => strategies.Select(s =>
                {
                    abort.ThrowIfCancellationRequested();
                    return runner.Run(scenario, isa, s, b);
                })).ToList();
            },
            // The first error in file order is the one to report, whichever ISA hit it first.
            failures => failures.OrderBy(e => e is ScenarioRuntimeException r ? r.Line : int.MaxValue).First())
        .SelectMany(runs => runs)];
}
