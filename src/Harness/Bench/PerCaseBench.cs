using Tpsim.Emulator.Running;
using System.Diagnostics;
using Tpsim.Emulator.Isa;
using Tpsim.Emulator.Toolchain;
using Tpsim.Harness.CrossCheck;
using Tpsim.Harness.Cases;

namespace Tpsim.Harness.Bench;

/// <summary>
/// Per-case cost, warm: the same matrix cases (every argument count through both sites with both stubs, stub in
/// the middle) timed in tpsim's reused <see cref="CaseRunner"/> and as the linked static program the oracle runs
/// (qemu-user, or the host CPU for x86_64). Both sides are warmed first, so neither compiles nor links while timed.
/// </summary>
public static class PerCaseBench
{
    public static PerCaseFigure Measure(IsaBackend isa, Compiler compiler, int tpsimRepeats = 5, int oracleRepeats = 3)
    {
        var cases = StubMatrix.Build(isa).Where(c => c.Shape.Name == "stub-middle" && !c.Stub.Name.StartsWith("control:", StringComparison.Ordinal)).ToList();
        using var runner = new CaseRunner(isa, compiler);
        using var oracle = new OracleExecutor(isa, compiler);
        foreach (var c in cases)
        {
            runner.Run(c);
            oracle.Run(c);
        }
        var tpsim = new List<double>();
        var native = new List<double>();
        foreach (var c in cases)
        {
            for (var i = 0; i < tpsimRepeats; i++)
            {
                var w = Stopwatch.StartNew();
                runner.Run(c);
                tpsim.Add(w.Elapsed.TotalMicroseconds);
            }
            for (var i = 0; i < oracleRepeats; i++)
            {
                var w = Stopwatch.StartNew();
                oracle.Run(c);
                native.Add(w.Elapsed.TotalMicroseconds);
            }
        }
        return new PerCaseFigure(isa.Name, cases.Count, Stats.Median(tpsim), Stats.Median(native));
    }
}
