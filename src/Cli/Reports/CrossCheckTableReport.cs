using System.Globalization;
using Spectre.Console;
using Tpsim.Harness.Running;
using Tpsim.Emulator.Toolchain;

namespace Tpsim.Cli.Reports;

/// <summary><c>crosscheck --format table</c>: agreement per ISA, each disagreement with its reproduction, exclusions, robustness.</summary>
public static class CrossCheckTableReport
{
    public static string Line(CrossCheckSummary s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return string.Create(CultureInfo.InvariantCulture,
            $"{s.Cases} cases, {s.Cases - s.Disagree - s.Counts.Sum(c => c.Excluded)} agree, {s.Disagree} disagree, {s.Counts.Sum(c => c.Excluded)} excluded; host errors {s.HostErrors}; peak {s.PeakMemory} MB; engines opened {s.Opened}, closed {s.Closed}; {s.Rounds} round(s) from seed {s.FirstSeed}; {s.Elapsed.TotalSeconds:0.0} s");
    }

    /// <summary>
    /// The report as <c>crosscheck</c> and <c>merge</c> write it: the table on the console, or JSON on stdout or in
    /// <paramref name="outPath"/> with the totals line on stderr (or on the console beside a file).
    /// </summary>
    public static void Report(Commands.ReportFormat format, CrossCheckSummary summary, string? outPath)
    {
        ArgumentNullException.ThrowIfNull(summary);
        if (format != Commands.ReportFormat.Json && outPath is null)
        {
            Write(ReportOutput.Console(), summary);
            return;
        }
        if (format != Commands.ReportFormat.Json)
        {
            using (var writer = new StreamWriter(ReportOutput.Open(outPath)))
            {
                Write(ReportOutput.PlainConsole(writer), summary);
            }
            ReportOutput.Totals(Line(summary), summary.Disagree == 0, outPath);
            return;
        }
        using (var stream = ReportOutput.Open(outPath))
        {
            CrossCheckJsonReport.Write(stream, summary);
            stream.WriteByte((byte)'\n');
        }
        ReportOutput.Totals(Line(summary), summary.Disagree == 0, outPath);
    }

    public static void Write(IAnsiConsole console, CrossCheckSummary s)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(s);
        var table = new Table().Border(TableBorder.Rounded).AddColumns("ISA", "Cases", "Agree", "Disagree", "Excluded");
        foreach (var c in s.Counts)
        {
            table.AddRow(c.Isa, N(c.Cases), N(c.Agree), c.Disagree == 0 ? "0" : $"[red]{N(c.Disagree)}[/]", N(c.Excluded));
        }
        console.Write(table);
        foreach (var d in s.Disagreements)
        {
            console.MarkupLineInterpolated($"[red]disagree[/] {d.Case.Name}: {d.Disagreement}");
            if (d.Reproduce is not null)
            {
                console.MarkupLineInterpolated($"  shrunk: {d.Reproduce}");
            }
        }
        foreach (var e in s.Excluded)
        {
            console.MarkupLineInterpolated($"excluded {e.Case.Name} (tpsim {e.Tpsim}, oracle {e.Oracle}): {e.Limit}");
        }
        foreach (var k in s.Skipped)
        {
            console.MarkupLineInterpolated($"not run: {k.Arch} {k.Build.Compiler.ToName()}/{k.Build.Config.Name}: {k.Reason}");
        }
        console.MarkupLine($"[{(s.Disagree == 0 ? "green" : "red")}]{Markup.Escape(Line(s))}[/]");
    }

    private static string N(int n) => n.ToString(CultureInfo.InvariantCulture);
}
