using System.Globalization;
using Tpsim.Emulator.Checking;
using Tpsim.Emulator.Toolchain;
using Tpsim.Harness.Cases;
using Tpsim.Harness.Running;
using Tpsim.KernelSim.Scenarios.Running;

namespace Tpsim.Cli.Reports;

/// <summary><c>matrix --format html</c>: one filterable table per ISA, a row per case, and each non-balanced case explained.</summary>
public static class MatrixHtmlReport
{
    private static readonly string[] Columns = ["case", "compiler", "config", "site", "stub", "shape", "args", "expected", "result", "evidence"];

    public static void Write(TextWriter writer, IReadOnlyList<IsaOutcomes> runs, IReadOnlyDictionary<StubCase, CaseExplanation> explained, RealKernel? kernel = null)
    {
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentNullException.ThrowIfNull(explained);
        var totals = MatrixTotals.Of(runs);
        var page = new HtmlPage(writer);
        page.Begin(kernel is null ? "tpsim matrix" : $"tpsim matrix on {kernel.Spec} ({kernel.Version})", totals.Line);
        foreach (var run in runs)
        {
            var ok = run.Cases.Count(c => c.Ok);
            page.BeginGroup(run.Isa.Name, Columns, $"{ok} of {run.Cases.Count} cases as expected");
            foreach (var c in run.Cases)
            {
                var k = c.Case;
                page.Row(
                    [k.Name, k.Build.Compiler.ToName(), k.Build.Config.Name, MatrixRows.SiteName(k.Site), k.Stub.Name, k.Shape.Name,
                        k.Args.ToString(CultureInfo.InvariantCulture), Expectation.Describe(k), Evidence.VerdictText(c.Result), Evidence.Describe(c.Result)],
                    c.Result.Verdict.ToName(), c.Ok);
                if (explained.TryGetValue(k, out var e))
                {
                    page.Explained(Columns.Length, run.Isa, e.Trace, e.Call, Evidence.VerdictText(c.Result));
                }
                else if (c.Trace is { } trace)
                {
                    // A real-kernel case: its fire was recorded as it ran.
                    page.Explained(Columns.Length, run.Isa, trace, c.ExplainedCall, Evidence.VerdictText(c.Result));
                }
            }
            page.EndGroup();
            foreach (var skip in run.Skipped)
            {
                page.Paragraph($"{skip.Arch} {skip.Build.Name} skipped: {skip.Reason}");
            }
        }
        page.End();
    }
}
