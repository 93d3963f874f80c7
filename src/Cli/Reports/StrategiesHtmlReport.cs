using System.Globalization;
using Tpsim.Emulator.Checking;
using Tpsim.KernelSim.Scenarios.Running;
using Tpsim.KernelSim.Strategies;

namespace Tpsim.Cli.Reports;

/// <summary>
/// <c>strategies --format html</c>: per ISA, a row per removal strategy (seed verdicts, kcfi verdicts, instructions per
/// fire, observed unregister errors and sleeps), followed by each seed fire of that strategy that did not end balanced,
/// explained with its stack picture and trace.
/// </summary>
public static class StrategiesHtmlReport
{
    private static readonly string[] Columns = ["strategy", "seed", "kcfi", "insns/fire", "unregister errors", "removal sleeps"];

    /// <param name="seedRuns">The seed on each ISA per strategy and build, its fires recorded (<see cref="StepResult.Trace"/>).</param>
    public static void Write(TextWriter writer, IReadOnlyList<StrategyRow> rows, IReadOnlyList<ScenarioRun> seedRuns, RealKernel? kernel = null)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(seedRuns);
        var page = new HtmlPage(writer);
        var passed = rows.Sum(r => r.Cells.Count(c => c.SeedPassed && c.KcfiPassed));
        page.Begin(kernel is null ? "tpsim strategies" : $"tpsim strategies on {kernel.Spec} ({kernel.Version})",
            $"{passed} of {rows.Sum(r => r.Cells.Count)} strategy x ISA cells met the seed's expectations");
        var arches = rows.Count == 0 ? [] : rows[0].Cells.Select(c => c.Arch).ToList();
        for (var a = 0; a < arches.Count; a++)
        {
            var isa = IsaCatalog.Resolve(arches[a]);
            page.BeginGroup(arches[a], Columns, "seed: one fire per stage (both probes; after the failed removal; after rmmod; after a later add); kcfi: the same built with clang -fsanitize=kcfi");
            foreach (var row in rows)
            {
                var cell = row.Cells[a];
                var worst = cell.SeedVerdicts.Concat(cell.KcfiVerdicts).FirstOrDefault(v => v != Verdict.Balanced, Verdict.Balanced);
                page.Row(
                    [row.Strategy.Name, Verdicts(cell.SeedVerdicts), cell.KcfiApplies ? Verdicts(cell.KcfiVerdicts) : "n/a",
                        cell.InstructionsPerFire.ToString(CultureInfo.InvariantCulture), string.Join("; ", cell.UnregisterErrors), string.Join("; ", cell.RemovalSleeps)],
                    worst.ToName(), cell.SeedPassed && cell.KcfiPassed);
                foreach (var run in seedRuns.Where(r => r.Arch == arches[a] && r.Strategy == row.Strategy.Name))
                {
                    foreach (var step in run.Steps.Where(s => s.Trace is not null))
                    {
                        page.Explained(Columns.Length, isa, step.Trace!, step.ExplainedCall, $"{run.Build.Name} line {step.Line}");
                    }
                }
            }
            page.EndGroup();
        }
        page.End();
    }

    private static string Verdicts(IEnumerable<Verdict> verdicts) => string.Join(" ", verdicts.Select(v => v == Verdict.Balanced ? "ok" : v.ToName()));
}
