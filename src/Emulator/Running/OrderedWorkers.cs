using System.Runtime.ExceptionServices;

namespace Tpsim.Emulator.Running;

/// <summary>
/// Runs a list of items on a few threads, each with a worker of its own (a Unicorn engine must stay on the
/// thread that made it), interleaved so that slow items spread evenly, and returns the results in the items'
/// order, so reports stay deterministic. Each worker is disposed on its own thread when it is done.
/// </summary>
public static class OrderedWorkers
{
    /// <summary>How many workers one ISA gets: the cores left over when <paramref name="isas"/> ISAs run side by side.</summary>
    public static int PerIsa(int isas, int items) =>
        Math.Clamp(Environment.ProcessorCount / Math.Max(1, isas), 1, Math.Max(1, items));

    public static TOut[] Map<TWorker, TIn, TOut>(IReadOnlyList<TIn> items, int workers, Func<TWorker> create, Func<TWorker, TIn, TOut> run, CancellationToken abort)
        where TWorker : IDisposable
    {
        ArgumentNullException.ThrowIfNull(items);
        var results = new TOut[items.Count];
        if (workers <= 1)
        {
            using var only = create();
            for (var i = 0; i < items.Count; i++)
            {
                abort.ThrowIfCancellationRequested();
                results[i] = run(only, items[i]);
            }
            return results;
        }
        ExceptionDispatchInfo? failure = null;
        var threads = Enumerable.Range(0, workers).Select(w => new Thread(() =>
        {
            try
            {
                using var worker = create();
                for (var i = w; i < items.Count && !abort.IsCancellationRequested && failure is null; i += workers)
                {
                    results[i] = run(worker, items[i]);
                }
            }
            catch (Exception ex)
            {
                lock (results)
                {
                    failure ??= ExceptionDispatchInfo.Capture(ex);
                }
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        failure?.Throw();
        abort.ThrowIfCancellationRequested();
        return results;
    }
}
