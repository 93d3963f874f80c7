using Spectre.Console;
using Tpsim.Harness.Running;

namespace Tpsim.Cli.Reports;

/// <summary><c>matrix --format table</c>: one Spectre table per ISA, then the totals line.</summary>
public static class MatrixTableReport
{
    public static void Write(IAnsiConsole console, IReadOnlyList<IsaOutcomes> runs)
    {
        foreach (var run in runs)
        {
            var ok = run.Cases.Count(c => c.Ok);
            var colour = ok == run.Cases.Count ? "green" : "red";
            var table = new Table()
                .Border(TableBorder.Rounded)
                .Title($"[bold]{Markup.Escape(run.Isa.Name)}[/]  [{colour}]{ok}/{run.Cases.Count} as expected[/]")
                .AddColumns("Compiler", "Config", "Site", "Stub", "Shape", "Args", "Expected", "Result", "Evidence");
            foreach (var row in MatrixRows.For(run))
            {
                var style = row.Ok ? "green" : "red";
                table.AddRow(
                    Markup.Escape(row.Compiler),
                    Markup.Escape(row.Config),
                    Markup.Escape(row.Site),
                    Markup.Escape(row.Stub),
                    Markup.Escape(row.Shape),
                    Markup.Escape(row.Args),
                    Markup.Escape(row.Expected),
                    $"[{style}]{Markup.Escape(row.Result)}[/]",
                    Markup.Escape(row.Evidence));
            }
            console.Write(table);
            foreach (var skip in run.Skipped)
            {
                console.MarkupLineInterpolated($"[grey]{skip.Arch} {skip.Build.Name}: not run, {skip.Reason}[/]");
            }
            console.WriteLine();
        }
        var totals = MatrixTotals.Of(runs);
        console.MarkupLine($"[{(totals.Failed == 0 ? "green" : "red")}]{Markup.Escape(totals.Line)}[/]");
    }
}
