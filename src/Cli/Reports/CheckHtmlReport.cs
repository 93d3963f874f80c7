using System.Globalization;
using Tpsim.Emulator.Checking;
using Tpsim.Emulator.Toolchain;
using Tpsim.Harness.Cases;
using Tpsim.Harness.Running;

namespace Tpsim.Cli.Reports;

/// <summary><c>check --format html</c>: the case as one row, with its explanation when it did not end balanced.</summary>
public static class CheckHtmlReport
{
    private static readonly string[] Columns = ["stub", "compiler", "config", "site", "shape", "args", "result", "evidence", "notes"];

    public static void Write(TextWriter writer, CaseOutcome outcome, CaseExplanation? explanation)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var c = outcome.Case;
        var r = outcome.Result;
        var page = new HtmlPage(writer);
        page.Begin($"tpsim check: {c.Stub.FileName} on {c.Isa.Name}", $"{r.Verdict.ToName()}: {Evidence.Describe(r)}");
        page.BeginGroup(c.Isa.Name, Columns);
        page.Row([c.Stub.FileName, c.Build.Compiler.ToName(), c.Build.Config.Name, MatrixRows.SiteName(c.Site), c.Shape.Name,
            c.Args.ToString(CultureInfo.InvariantCulture), Evidence.VerdictText(r), Evidence.Describe(r), string.Join("; ", r.Notes)],
            r.Verdict.ToName(), r.Verdict == Verdict.Balanced && outcome.Disagreement is null);
        if (explanation is not null)
        {
            page.Explained(Columns.Length, c.Isa, explanation.Trace, explanation.Call, Evidence.VerdictText(r));
        }
        page.EndGroup();
        if (outcome.Disagreement is { } d)
        {
            page.Paragraph($"disagreement: {d}");
        }
        page.End();
    }
}
