using Tpsim.Emulator.Toolchain;
using Tpsim.Cli.Running;

namespace Tpsim.Cli.Reports;

/// <summary><c>check --format json</c>: one object describing the user's stub run.</summary>
public static class CheckJsonReport
{
    public static void Write(Stream stream, CaseOutcome outcome)
    {
        using var w = ResultJson.CreateWriter(stream);
        w.WriteStartObject();
        w.WriteString("arch", outcome.Case.Isa.Name);
        w.WriteNumber("args", outcome.Case.Args);
        w.WriteString("site", MatrixRows.SiteName(outcome.Case.Site));
        w.WriteString("stub", outcome.Case.Stub.FileName);
        w.WriteString("compiler", outcome.Case.Build.Compiler.ToName());
        w.WriteString("config", outcome.Case.Build.Config.Name);
        if (outcome.Commands.Count == 3)
        {
            w.WriteString("command", outcome.Commands[2]);
        }
        ResultJson.WriteEvidence(w, outcome.Result);
        w.WriteEndObject();
    }
}
