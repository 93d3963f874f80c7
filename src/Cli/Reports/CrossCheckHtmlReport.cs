using Tpsim.Emulator.Checking;
using Tpsim.Harness.Cases;
using Tpsim.Harness.Running;

namespace Tpsim.Cli.Reports;

/// <summary>
/// <c>crosscheck --format html</c>: one table per ISA, a row per compared case (tpsim's result, the independent
/// executor's, agreement), and every case tpsim did not find balanced explained with its stack picture and trace.
/// </summary>
public static class CrossCheckHtmlReport
{
    private static readonly string[] Columns = ["case", "build", "tpsim", "oracle", "agreement", "reproduce"];

    public static void Write(TextWriter writer, CrossCheckSummary summary, IReadOnlyDictionary<StubCase, CaseExplanation> explained)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(explained);
        var page = new HtmlPage(writer);
        page.Begin("tpsim crosscheck", CrossCheckTableReport.Line(summary));
        foreach (var group in summary.All.GroupBy(c => c.Case.Isa.Name))
        {
            var isa = group.First().Case.Isa;
            var counts = summary.Counts.FirstOrDefault(c => c.Isa == group.Key);
            page.BeginGroup(group.Key, Columns, counts is null ? null : $"{counts.Agree} agree, {counts.Disagree} disagree, {counts.Excluded} excluded of {counts.Cases}");
            foreach (var c in group)
            {
                var agreement = c.Disagreement is { } d ? $"disagree: {d}" : c.Limit is { } limit ? $"excluded: {limit}" : "agree";
                page.Row([c.Case.Name, c.Case.Build.Name, c.Tpsim, c.Oracle, agreement, c.Reproduce ?? ""],
                    (c.TpsimVerdict ?? Verdict.Balanced).ToName(), c.Disagreement is null);
                if (explained.TryGetValue(c.Case, out var e))
                {
                    page.Explained(Columns.Length, isa, e.Trace, e.Call, c.Tpsim);
                }
            }
            page.EndGroup();
        }
        page.End();
    }

    /// <summary>The cases tpsim did not find balanced: the ones the page explains.</summary>
    public static IEnumerable<StubCase> NotBalanced(CrossCheckSummary summary) =>
        summary.All.Where(c => c.TpsimVerdict is { } v && v != Verdict.Balanced).Select(c => c.Case);
}
