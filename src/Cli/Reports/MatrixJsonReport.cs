using Tpsim.Cli.Running;
using Tpsim.Emulator.Checking;

namespace Tpsim.Cli.Reports;

/// <summary><c>matrix --format json</c>: every case with its evidence, then the totals.</summary>
public static class MatrixJsonReport
{
    public static void Write(Stream stream, IReadOnlyList<IsaOutcomes> runs)
    {
        using var w = ResultJson.CreateWriter(stream);
        w.WriteStartObject();
        w.WriteStartArray("cases");
        foreach (var run in runs)
        {
            foreach (var c in run.Cases)
            {
                w.WriteStartObject();
                w.WriteString("name", c.Case.Name);
                w.WriteString("arch", run.Isa.Name);
                w.WriteNumber("args", c.Case.Args);
                w.WriteString("expected", c.Case.Expected.ToName());
                if (c.Case.ExpectedViolation is { } kind)
                {
                    w.WriteString("expectedViolation", kind);
                }
                else
                {
                    w.WriteNull("expectedViolation");
                }
                w.WriteBoolean("ok", c.Ok);
                w.WriteString("shape", c.Case.Shape.Name);
                w.WriteString("site", MatrixRows.SiteName(c.Case.Site));
                w.WriteString("stub", c.Case.Stub.Name);
                ResultJson.WriteEvidence(w, c.Result);
                w.WriteEndObject();
            }
        }
        w.WriteEndArray();

        var totals = MatrixTotals.Of(runs);
        w.WriteStartObject("summary");
        w.WriteNumber("total", totals.Total);
        w.WriteNumber("ok", totals.Ok);
        w.WriteNumber("failed", totals.Failed);
        w.WriteStartObject("byArch");
        foreach (var isa in totals.ByIsa)
        {
            w.WriteStartObject(isa.Isa);
            w.WriteNumber("total", isa.Total);
            w.WriteNumber("ok", isa.Ok);
            w.WriteNumber("failed", isa.Failed);
            w.WriteEndObject();
        }
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
    }
}
