using System.Xml;
using System.Xml.Linq;
using Tpsim.Cli.Commands;
using Tpsim.Harness.Running;
using Tpsim.KernelSim.Scenarios.Running;

namespace Tpsim.Cli.Reports;

/// <summary>What <c>tpsim merge</c> made of its reports: one run's outcomes (matrix JSON), summary (crosscheck) or JUnit document.</summary>
public sealed record MergedReport(ReportKind Kind, IReadOnlyList<string> Files)
{
    public IReadOnlyList<IsaOutcomes>? Matrix { get; init; }

    public RunSelection Selection { get; init; } = RunSelection.Default;

    public RealKernel? Kernel { get; init; }

    public CrossCheckSummary? CrossCheck { get; init; }

    public XDocument? Junit { get; init; }

    /// <summary>The counts of a merged JUnit report, per suite.</summary>
    public MatrixTotals? JunitTotals { get; init; }

    /// <summary>The formats a merge of this kind can write, the first being its own: JUnit keeps no evidence to turn into anything else.</summary>
    public IReadOnlyList<ReportFormat> Formats => Kind switch
    {
        ReportKind.MatrixJson => [ReportFormat.Json, ReportFormat.Junit, ReportFormat.Table],
        ReportKind.CrossCheckJson => [ReportFormat.Json, ReportFormat.Table],
        _ => [ReportFormat.Junit],
    };

    /// <summary>The rule of the command that wrote the reports: every case as expected (or agreeing), and one at least.</summary>
    public bool Passed => CrossCheck?.Passed ?? Totals!.Passed;

    /// <summary>The matrix totals of a matrix merge (JSON or JUnit); null for crosscheck.</summary>
    public MatrixTotals? Totals => Matrix is not null ? MatrixTotals.Of(Matrix) : JunitTotals;

    /// <summary>Writes the merged report as the unsharded run would have, then (unless the table ends with it) the totals line.</summary>
    public void Write(ReportFormat format, string? outPath)
    {
        switch (Kind)
        {
            case ReportKind.MatrixJson:
                MatrixReportWriter.Report(format, Matrix!, outPath, Kernel, Selection);
                break;
            case ReportKind.CrossCheckJson:
                CrossCheckTableReport.Report(format, CrossCheck!, outPath);
                break;
            default:
                using (var stream = ReportOutput.Open(outPath))
                {
                    using (var w = XmlWriter.Create(stream, JunitReport.WriterSettings))
                    {
                        Junit!.Save(w);
                    }
                    stream.WriteByte((byte)'\n');
                }
                MatrixReportWriter.WriteTotals(JunitTotals!, outPath);
                break;
        }
    }
}
