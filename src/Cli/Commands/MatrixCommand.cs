using Spectre.Console;
using Spectre.Console.Cli;
using Tpsim.Cli.Reports;
using Tpsim.Harness.Running;

namespace Tpsim.Cli.Commands;

/// <summary><c>tpsim matrix</c>: every built-in case on every selected ISA; exit 0 only when every verdict is the expected one.</summary>
public sealed class MatrixCommand : Command<MatrixSettings>
{
    public override int Execute(CommandContext context, MatrixSettings settings, CancellationToken cancellationToken)
    {
        var format = OptionParsing.Format(settings.Format, ReportFormat.Table, ReportFormat.Json, ReportFormat.Junit, ReportFormat.Markdown);
        var isas = IsaCatalog.ResolveList(settings.Arch);
        var builds = BuildCatalog.ResolveFor(settings.Compiler, settings.Config, isas);
        var outPath = ReportOutput.Resolve(settings.Out);

        var runs = MatrixRun.Execute(isas, builds);
        var totals = MatrixTotals.Of(runs);

        if (outPath is null && format == ReportFormat.Table)
        {
            MatrixTableReport.Write(ReportOutput.Console(), runs);
        }
        else
        {
            WriteReport(format, runs, outPath);
            // A JSON or JUnit report on stdout must stay parseable, so the totals line goes to stderr there.
            var console = outPath is null ? StandardError.Console : ReportOutput.Console();
            console.MarkupLine($"[{(totals.Failed == 0 ? "green" : "red")}]{Markup.Escape(totals.Line)}[/]");
            if (outPath is not null)
            {
                console.MarkupLineInterpolated($"report: {outPath}");
            }
        }

        return totals.Passed ? ExitCodes.Ok : ExitCodes.Failed;
    }

    private static void WriteReport(ReportFormat format, IReadOnlyList<IsaOutcomes> runs, string? outPath)
    {
        using var stream = ReportOutput.Open(outPath);
        switch (format)
        {
            case ReportFormat.Json:
                MatrixJsonReport.Write(stream, runs);
                stream.WriteByte((byte)'\n');
                break;
            case ReportFormat.Junit:
                JunitReport.Write(stream, runs);
                stream.WriteByte((byte)'\n');
                break;
            case ReportFormat.Markdown:
                using (var writer = new StreamWriter(stream, leaveOpen: true))
                {
                    MatrixMarkdownReport.Write(writer, runs);
                }
                break;
            default:
                using (var writer = new StreamWriter(stream, leaveOpen: true))
                {
                    MatrixTableReport.Write(ReportOutput.PlainConsole(writer), runs);
                }
                break;
        }
    }
}
