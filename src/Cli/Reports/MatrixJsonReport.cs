using Tpsim.KernelSim.Scenarios.Running;
using Tpsim.Emulator.Toolchain;
using Tpsim.Harness.Running;
using Tpsim.Emulator.Checking;

namespace Tpsim.Cli.Reports;

/// <summary><c>matrix --format json</c>: every case with its evidence, then the totals.</summary>
public static class MatrixJsonReport
{
    /// <param name="kernel">The real tree the matrix ran on (<c>--kernel</c>), written as <c>kernel</c>; null for the simulated kernel.</param>
    /// <param name="selection">The builds asked for and the shard, written as <c>selection</c> and <c>shard</c>; the default build when null.</param>
    public static void Write(Stream stream, IReadOnlyList<IsaOutcomes> runs, RealKernel? kernel = null, RunSelection? selection = null)
    {
        using var w = ResultJson.CreateWriter(stream);
        w.WriteStartObject();
        if (kernel is not null)
        {
            ResultJson.WriteKernel(w, kernel);
        }
        w.WriteStartArray("cases");
        foreach (var run in runs)
        {
            foreach (var c in run.Cases)
            {
                w.WriteStartObject();
                w.WriteString("name", c.Case.Name);
                w.WriteString("arch", run.Isa.Name);
                w.WriteNumber("args", c.Case.Args);
                w.WriteString("compiler", c.Case.Build.Compiler.ToName());
                w.WriteString("config", c.Case.Build.Config.Name);
                // The stub's build is the case's subject; all three commands follow.
                w.WriteString("command", c.Commands.Count == 3 ? c.Commands[2] : "");
                w.WriteStartObject("commands");
                if (c.Commands.Count == 3)
                {
                    w.WriteString("probes", c.Commands[0]);
                    w.WriteString("site", c.Commands[1]);
                    w.WriteString("stub", c.Commands[2]);
                }
                w.WriteEndObject();
                w.WriteString("expected", c.Case.Expected.ToName());
                if (c.Case.ExpectedViolation is { } kind)
                {
                    w.WriteString("expectedViolation", kind.ToName());
                }
                else
                {
                    w.WriteNull("expectedViolation");
                }
                if (c.Case.ExpectedTrapKind is { } trapKind)
                {
                    w.WriteString("expectedTrap", trapKind.ToName());
                }
                w.WriteBoolean("ok", c.Ok);
                w.WriteString("shape", c.Case.Shape.Name);
                w.WriteString("site", MatrixRows.SiteName(c.Case.Site));
                w.WriteString("stub", c.Case.Stub.Name);
                ResultJson.WriteEvidence(w, c.Result);
                w.WriteNumber("position", c.Position);
                w.WriteNumber("seconds", Math.Round(c.Elapsed.TotalSeconds, 4));
                w.WriteEndObject();
            }
        }
        w.WriteEndArray();

        w.WriteStartArray("skipped");
        foreach (var skip in runs.SelectMany(r => r.Skipped))
        {
            w.WriteStartObject();
            w.WriteString("arch", skip.Arch);
            w.WriteString("compiler", skip.Build.Compiler.ToName());
            w.WriteString("config", skip.Build.Config.Name);
            w.WriteString("reason", skip.Reason);
            w.WriteEndObject();
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
        ResultJson.WriteSelection(w, runs.Select(r => r.Isa.Name), selection ?? RunSelection.Default, runs.Sum(r => r.Planned));
        w.WriteEndObject();
    }
}
