using System.Runtime.ExceptionServices;
using Tpsim.Emulator.Isa;
using Tpsim.Emulator.Toolchain;
using Tpsim.KernelSim.Scenarios;
using Tpsim.KernelSim.Scenarios.Running;
using Tpsim.KernelSim.Strategies;

namespace Tpsim.Cli.Running;

/// <summary>Runs one scenario for every requested ISA and strategy: one thread per ISA, strategies in order, results in a fixed order.</summary>
public static class ScenarioMatrix
{
    public static IReadOnlyList<ScenarioRun> Execute(Scenario scenario, IReadOnlyList<IsaBackend> isas, IReadOnlyList<RemovalStrategy> strategies)
    {
        // A dedicated thread per ISA: a Unicorn engine must stay on the thread that made it.
        var tasks = isas
            .Select(isa => Task.Factory.StartNew(
                () =>
                {
                    var runner = new ScenarioRunner(new Compiler());
                    return strategies.Select(s => runner.Run(scenario, isa, s)).ToList();
                },
                CancellationToken.None,
                TaskCreationOptions.LongRunning,
                TaskScheduler.Default))
            .ToArray();
        try
        {
            Task.WaitAll(tasks);
        }
        catch (AggregateException agg)
        {
            // The first error in file order is the one to report, whichever ISA hit it first.
            var first = agg.Flatten().InnerExceptions
                .OrderBy(e => e is ScenarioRuntimeException r ? r.Line : int.MaxValue)
                .First();
            ExceptionDispatchInfo.Capture(first).Throw();
        }
        return [.. tasks.SelectMany(t => t.Result)];
    }
}
