using System.Diagnostics;
using System.Runtime.ExceptionServices;
using Tpsim.Emulator.Isa;
using Tpsim.Emulator.Toolchain;
using Tpsim.KernelSim.Proof;

namespace Tpsim.Cli.Running;

/// <summary>Runs the matrix: one thread, one compiler and one <see cref="CaseRunner"/> per ISA.</summary>
public static class MatrixRun
{
    public static IReadOnlyList<IsaOutcomes> Execute(IReadOnlyList<IsaBackend> isas)
    {
        using var abort = new CancellationTokenSource();
        // LongRunning gives each ISA a dedicated thread: a Unicorn engine must stay on the thread that made it.
        var tasks = isas
            .Select(isa => Task.Factory.StartNew(
                () => RunIsa(isa, abort),
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
            var first = agg.Flatten().InnerExceptions.FirstOrDefault(e => e is not OperationCanceledException)
                ?? agg.InnerExceptions[0];
            ExceptionDispatchInfo.Capture(first).Throw();
        }
        return tasks.Select(t => t.Result).ToArray();
    }

    private static IsaOutcomes RunIsa(IsaBackend isa, CancellationTokenSource abort)
    {
        var total = Stopwatch.StartNew();
        try
        {
            var cases = StubMatrix.Build(isa);
            var outcomes = new List<CaseOutcome>(cases.Count);
            using var runner = new CaseRunner(isa, new Compiler());
            foreach (var stubCase in cases)
            {
                // One ISA failing hard makes the whole report void, so the others stop early instead of finishing.
                abort.Token.ThrowIfCancellationRequested();
                var watch = Stopwatch.StartNew();
                try
                {
                    outcomes.Add(new CaseOutcome(stubCase, runner.Run(stubCase), watch.Elapsed));
                }
                catch (Exception ex)
                {
                    throw new CaseFailedException(stubCase.Name, ex);
                }
            }
            return new IsaOutcomes(isa, outcomes, total.Elapsed);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            abort.Cancel();
            throw;
        }
    }
}
