using System.Runtime.ExceptionServices;
using Tpsim.Emulator.Isa;

namespace Tpsim.Emulator.Running;

/// <summary>
/// Runs one piece of work per ISA, each on a dedicated thread (a Unicorn engine must stay on the
/// thread that made it), and returns the results in the ISAs' order so reports stay deterministic.
/// </summary>
public static class PerIsa
{
    /// <param name="pick">Chooses which of several failures to report (by default the first ISA's).</param>
    public static IReadOnlyList<T> Run<T>(IReadOnlyList<IsaBackend> isas, Func<IsaBackend, CancellationToken, T> work,
        Func<IEnumerable<Exception>, Exception>? pick = null)
    {
        using var abort = new CancellationTokenSource();
        var tasks = isas
            .Select(isa => Task.Factory.StartNew(
                () =>
                {
                    try
                    {
                        return work(isa, abort.Token);
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        // One ISA failing hard makes the whole report void, so the others stop early.
                        abort.Cancel();
                        throw;
                    }
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
            var failures = agg.Flatten().InnerExceptions.Where(e => e is not OperationCanceledException).ToList();
            var first = failures.Count == 0 ? agg.InnerExceptions[0] : (pick ?? (es => es.First()))(failures);
            ExceptionDispatchInfo.Capture(first).Throw();
        }
        return [.. tasks.Select(t => t.Result)];
    }
}
