using System.Diagnostics;
using Tpsim.Emulator.Isa;
using Tpsim.Emulator.Toolchain;
using Tpsim.KernelSim.Proof;

namespace Tpsim.Cli.Running;

/// <summary>Runs the matrix: one thread, one compiler and one <see cref="CaseRunner"/> per ISA.</summary>
public static class MatrixRun
{
    public static IReadOnlyList<IsaOutcomes> Execute(IReadOnlyList<IsaBackend> isas) => PerIsa.Run(isas, RunIsa);

    private static IsaOutcomes RunIsa(IsaBackend isa, CancellationToken abort)
    {
        var total = Stopwatch.StartNew();
        var cases = StubMatrix.Build(isa);
        var outcomes = new List<CaseOutcome>(cases.Count);
        using var runner = new CaseRunner(isa, new Compiler());
        foreach (var stubCase in cases)
        {
            abort.ThrowIfCancellationRequested();
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
}
