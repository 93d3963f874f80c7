using Tpsim.Harness.Running;
using Tpsim.Emulator.Toolchain;

namespace Tpsim.Cli.Reports;

/// <summary>
/// <c>crosscheck --format json</c>. The contract: <c>{ "agreement": {"&lt;isa&gt;": {"cases", "agree", "disagree"}},
/// "disagreements": [ {case, tpsim, oracle} ] }</c>; extended with <c>excluded</c> per ISA and as a list (cases the
/// executor cannot reproduce, with the reason), <c>reproduce</c> on a shrunk generated disagreement, the builds
/// that did not apply, and <c>robustness</c> (cases, disagreements, host errors, peak memory, engines opened and closed).
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
        w.WriteNumber("peakMemoryMB", CrossCheckSummary.PeakMemoryMB());
        w.WriteNumber("enginesOpened", CrossCheckSummary.EnginesOpened);
        w.WriteNumber("enginesClosed", CrossCheckSummary.EnginesClosed);
        w.WriteNumber("rounds", summary.Rounds);
        w.WriteNumber("seed", summary.FirstSeed);
        w.WriteNumber("generatedPerRound", summary.GeneratedPerRound);
        w.WriteNumber("seconds", Math.Round(summary.Elapsed.TotalSeconds, 1));
        w.WriteEndObject();
        w.WriteEndObject();
    }
}
