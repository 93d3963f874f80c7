using Tpsim.Cli.Commands;
using Tpsim.Harness.Running;
using Tpsim.KernelSim.Scenarios.Running;

namespace Tpsim.Cli.Reports;

/// <summary>A matrix report in the format asked for, and the totals line after it: for <c>matrix</c> and <c>merge</c> alike.</summary>
public static class MatrixReportWriter
{
    /// <summary>The table on the console, or the report in <paramref name="format"/> (on stdout or in a file) and then the totals line.</summary>
    public static void Report(ReportFormat format, IReadOnlyList<IsaOutcomes> runs, string? outPath, RealKernel? kernel, RunSelection selection)
    {
        if (outPath is null && format == ReportFormat.Table)
        {
            MatrixTableReport.Write(ReportOutput.Console(), runs);
            return;
        }
        Write(format, runs, outPath, kernel, selection);
        WriteTotals(MatrixTotals.Of(runs), outPath);
    }

    /// <summary>The totals line after a report written as a file or in a machine format (the table ends with it itself).</summary>
    public static void WriteTotals(MatrixTotals totals, string? outPath)
    {
        ArgumentNullException.ThrowIfNull(totals);
        ReportOutput.Totals(totals.Line, totals.Failed == 0, outPath);
    }

    /// <summary>The report in any format but the console table; <c>tpsim merge</c> writes a merged matrix the same way.</summary>
    public static void Write(ReportFormat format, IReadOnlyList<IsaOutcomes> runs, string? outPath, RealKernel? kernel, RunSelection selection)
    {
        using var stream = ReportOutput.Open(outPath);
        switch (format)
        {
            case ReportFormat.Json:
                MatrixJsonReport.Write(stream, runs, kernel, selection);
                stream.WriteByte((byte)'\n');
                break;
            case ReportFormat.Junit:
                JunitReport.Write(stream, runs, selection, kernel);
                stream.WriteByte((byte)'\n');
                break;
            case ReportFormat.Html:
                using (var writer = new StreamWriter(stream, leaveOpen: true))
                {
                    // Every case that did not end balanced is run again instruction by instruction for its picture.
                    var explained = CaseExplainer.Explain(CaseExplainer.NotBalanced(runs.SelectMany(r => r.Cases)), new Emulator.Toolchain.Compiler());
                    Emulator.Tracing.TraceText.Fill(runs.SelectMany(r => r.Cases.Where(c => c.Trace is not null).Select(c => (r.Isa, c.Trace!))));
                    MatrixHtmlReport.Write(writer, runs, explained, kernel);
                }
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
