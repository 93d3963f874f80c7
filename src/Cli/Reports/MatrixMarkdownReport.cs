using Tpsim.Harness.Running;

namespace Tpsim.Cli.Reports;

/// <summary><c>matrix --format markdown</c>: the console table as GitHub-flavoured Markdown, for issues and READMEs.</summary>
public static class MatrixMarkdownReport
{
    public static void Write(TextWriter w, IReadOnlyList<IsaOutcomes> runs)
    {
        foreach (var run in runs)
        {
            w.WriteLine($"### {run.Isa.Name} ({run.Cases.Count(c => c.Ok)}/{run.Cases.Count} as expected)");
            w.WriteLine();
            w.WriteLine("| Compiler | Config | Site | Stub | Shape | Args | Expected | Result | Evidence |");
            w.WriteLine("|---|---|---|---|---|---|---|---|---|");
            foreach (var row in MatrixRows.For(run))
            {
                var result = row.Ok ? row.Result : $"**{row.Result}** ✗";
                w.WriteLine($"| {Cell(row.Compiler)} | {Cell(row.Config)} | {Cell(row.Site)} | {Cell(row.Stub)} | {Cell(row.Shape)} | {Cell(row.Args)} | {Cell(row.Expected)} | {Cell(result)} | {Cell(row.Evidence)} |");
            }
            w.WriteLine();
        }
        w.WriteLine(MatrixTotals.Of(runs).Line);
    }

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).ReplaceLineEndings(" ");
}
