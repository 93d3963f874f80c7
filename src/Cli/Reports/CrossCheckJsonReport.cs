using Tpsim.Harness.Running;
using Tpsim.Emulator.Toolchain;

namespace Tpsim.Cli.Reports;

/// <summary>
/// <c>crosscheck --format json</c>. The contract: <c>{ "agreement": {"&lt;isa&gt;": {"cases", "agree", "disagree"}},
/// "disagreements": [ {case, tpsim, oracle} ] }</c>; extended with <c>excluded</c> per ISA and as a list (cases the
/// executor cannot reproduce, with the reason), <c>reproduce</c> on a shrunk generated disagreement, the builds
/// that did not apply, <c>robustness</c> (cases, disagreements, host errors, peak memory, engines opened and closed),
/// and for <c>tpsim merge</c> every case with its position, the selection and the shard.
/// </summary>
public static class CrossCheckJsonReport
{
    public static void Write(Stream stream, CrossCheckSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        using var w = ResultJson.CreateWriter(stream);
        w.WriteStartObject();
        w.WriteStartObject("agreement");
        foreach (var c in summary.Counts)
        {
            w.WriteStartObject(c.Isa);
            w.WriteNumber("cases", c.Cases);
            w.WriteNumber("agree", c.Agree);
            w.WriteNumber("disagree", c.Disagree);
            w.WriteNumber("excluded", c.Excluded);
            w.WriteNumber("hostErrors", c.HostErrors);
            w.WriteEndObject();
        }
        w.WriteEndObject();

        w.WriteStartArray("disagreements");
        foreach (var d in summary.Disagreements)
        {
            w.WriteStartObject();
            w.WriteString("case", d.Case.Name);
            w.WriteString("tpsim", d.Tpsim);
            w.WriteString("oracle", d.Oracle);
            w.WriteString("what", d.Disagreement);
            if (d.Case.Generated is not null)
            {
                w.WriteString("predicted", Harness.CrossCheck.Agreement.Predicted(d.Case));
            }
            if (d.Reproduce is not null)
            {
                w.WriteString("reproduce", d.Reproduce);
            }
            w.WriteEndObject();
        }
        w.WriteEndArray();

        w.WriteStartArray("excluded");
        foreach (var e in summary.Excluded)
        {
            w.WriteStartObject();
            w.WriteString("case", e.Case.Name);
            w.WriteString("tpsim", e.Tpsim);
            w.WriteString("oracle", e.Oracle);
            w.WriteString("why", e.Limit);
            w.WriteEndObject();
        }
        w.WriteEndArray();

        w.WriteStartArray("skipped");
        foreach (var s in summary.Skipped)
        {
            w.WriteStartObject();
            w.WriteString("arch", s.Arch);
            w.WriteString("compiler", s.Build.Compiler.ToName());
            w.WriteString("config", s.Build.Config.Name);
            w.WriteString("reason", s.Reason);
            w.WriteEndObject();
        }
        w.WriteEndArray();

        w.WriteStartObject("robustness");
        w.WriteNumber("cases", summary.Cases);
        w.WriteNumber("disagreements", summary.Disagree);
        w.WriteNumber("hostErrors", summary.HostErrors);
        w.WriteNumber("peakMemoryMB", summary.PeakMemory);
        w.WriteNumber("enginesOpened", summary.Opened);
        w.WriteNumber("enginesClosed", summary.Closed);
        w.WriteNumber("rounds", summary.Rounds);
        w.WriteNumber("seed", summary.FirstSeed);
        w.WriteNumber("generatedPerRound", summary.GeneratedPerRound);
        w.WriteNumber("seconds", Math.Round(summary.Elapsed.TotalSeconds, 1));
        w.WriteEndObject();

        // Every case, so that tpsim merge can put shards' reports back together case for case.
        w.WriteStartArray("cases");
        foreach (var c in summary.All)
        {
            w.WriteStartObject();
            w.WriteNumber("position", c.Position);
            w.WriteString("name", c.Case.Name);
            w.WriteString("arch", c.Case.Isa.Name);
            w.WriteString("compiler", c.Case.Build.Compiler.ToName());
            w.WriteString("config", c.Case.Build.Config.Name);
            w.WriteString("result", c.Disagreement is not null ? "disagree" : c.Limit is not null ? "excluded" : "agree");
            w.WriteString("tpsim", c.Tpsim);
            w.WriteString("oracle", c.Oracle);
            if (c.Disagreement is not null)
            {
                w.WriteString("what", c.Disagreement);
            }
            if (c.Limit is not null)
            {
                w.WriteString("why", c.Limit);
            }
            if (c.Reproduce is not null)
            {
                w.WriteString("reproduce", c.Reproduce);
            }
            w.WriteEndObject();
        }
        w.WriteEndArray();
        ResultJson.WriteSelection(w, summary.Counts.Select(c => c.Isa), summary.Selection, summary.Planned);
        w.WriteEndObject();
    }
}
