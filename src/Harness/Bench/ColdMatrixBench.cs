using Tpsim.Harness.Running;
using System.Diagnostics;
using Tpsim.Emulator.Isa;
using Tpsim.Emulator.Toolchain;

namespace Tpsim.Harness.Bench;

/// <summary>
/// The cold default matrix (an empty compiler cache) against the time its compiler processes alone take: the
/// compiles the matrix spawned are recorded and replayed from another empty cache with the same parallelism,
/// one thread per ISA. The difference is what tpsim adds to compiling: loading, emulating and checking.
/// </summary>
public static class ColdMatrixBench
{
    public static ColdMatrixFigure Measure(IReadOnlyList<IsaBackend> isas)
    {
        var root = Directory.CreateTempSubdirectory("tpsim-bench-cache-");
        try
        {
            var compiler = new Compiler(Path.Combine(root.FullName, "matrix")) { RecordJobs = true };
            var w = Stopwatch.StartNew();
            var runs = MatrixRun.Execute(isas, null, compiler);
            var matrix = w.Elapsed;
            var jobs = compiler.Jobs;
            var groups = jobs.GroupBy(j => j.Group).Select(g => g.ToList()).ToList();
            w.Restart();
            var threads = groups.Select(g => new Thread(() => g.ForEach(j => j.Run()))).ToList();
            threads.ForEach(t => t.Start());
            threads.ForEach(t => t.Join());
            var compileOnly = w.Elapsed;
            return new ColdMatrixFigure(matrix.TotalSeconds, compileOnly.TotalSeconds, jobs.Count, runs.Sum(r => r.Cases.Count));
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }
}
