using Spectre.Console;
using Tpsim.Harness.Running;

namespace Tpsim.Cli.Reports;

/// <summary>
/// <c>matrix --format table</c>: per ISA, one table of nine columns where the console is wide enough for it, and
/// otherwise a list grouped by build and site with the evidence under its row, so that at 80 columns no verdict, ISA
/// or config word is cut or split; then the totals line.
/// </summary>
public static class MatrixTableReport
{
    /// <summary>The narrowest console that shows the nine-column table whole.</summary>
    public const int WideWidth = 180;

    public static void Write(IAnsiConsole console, IReadOnlyList<IsaOutcomes> runs)
    {
        foreach (var run in runs)
        {
            if (console.Profile.Width < WideWidth)
            {
                WriteNarrow(console, run);
                continue;
            }
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

    /// <summary>One ISA as a list: a heading per build and site, a line per row, its evidence indented under it.</summary>
    private static void WriteNarrow(IAnsiConsole console, IsaOutcomes run)
    {
        var ok = run.Cases.Count(c => c.Ok);
        var colour = ok == run.Cases.Count ? "green" : "red";
        console.MarkupLine($"[bold]{Markup.Escape(run.Isa.Name)}[/]  [{colour}]{ok}/{run.Cases.Count} as expected[/]");
        foreach (var group in MatrixRows.For(run).GroupBy(r => (r.Compiler, r.Config, r.Site)))
        {
            console.MarkupLine($"  [bold]{Markup.Escape(group.Key.Compiler)} {Markup.Escape(group.Key.Config)}, {Markup.Escape(group.Key.Site)} site[/]");
            var grid = new Grid();
            grid.AddColumn(new GridColumn().PadLeft(4).NoWrap());
            grid.AddColumn(new GridColumn().NoWrap());
            grid.AddColumn(new GridColumn().NoWrap());
            grid.AddColumn(new GridColumn());
            foreach (var row in group)
            {
                var style = row.Ok ? "green" : "red";
                // The result says what was expected only where it differs from what came out.
                var result = row.Ok || row.Expected == row.Result ? row.Result : $"{row.Result}, expected {row.Expected}";
                grid.AddRow(Markup.Escape(row.Stub), Markup.Escape(row.Shape), Markup.Escape(row.Args), $"[{style}]{Markup.Escape(result)}[/]");
                if (row.Evidence.Length > 0)
                {
                    grid.AddRow(new Markup(""), new Markup(""), new Markup(""), new Markup($"[grey]{Markup.Escape(row.Evidence)}[/]"));
                }
            }
            console.Write(grid);
        }
        foreach (var skip in run.Skipped)
        {
            console.MarkupLineInterpolated($"[grey]{skip.Arch} {skip.Build.Name}: not run, {skip.Reason}[/]");
        }
        console.WriteLine();
    }
}
