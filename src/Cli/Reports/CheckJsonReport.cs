using Tpsim.Emulator.Checking;
using Tpsim.Emulator.Toolchain;
using Tpsim.Harness.Running;

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
        if (outcome.Commands.Count >= 3)
        {
            // The stub's own build command is the last one.
            w.WriteString("command", outcome.Commands[^1]);
        }
        if (outcome.Case.Generated is { } g)
        {
            w.WriteString("generated", g.Spec);
            w.WriteString("predicted", outcome.Case.Expected.ToName());
            if (outcome.Case.ExpectedViolation is { } kind)
            {
                w.WriteString("predictedKind", kind.ToName());
                w.WriteNumber("predictedCall", outcome.Case.ExpectedCall ?? 0);
            }
        }
        if (outcome.Oracle is { } o)
        {
            w.WriteStartObject("oracle");
            w.WriteString("verdict", o.Verdict.ToName());
            if (o.ViolationKind is not null)
            {
                w.WriteString("kind", o.ViolationKind?.ToName());
                w.WriteNumber("call", o.Call ?? 0);
            }
            if (o.Register is { } register)
            {
                w.WriteString("register", register);
            }
            if (o.Signal is { } sig)
            {
                w.WriteNumber("signal", sig);
            }
            if (o.TrapKind is { } trapKind)
            {
                w.WriteString("trapKind", trapKind.ToName());
            }
            if (o.TrapPcSymbol is { } trapPc)
            {
                w.WriteString("trapPc", trapPc);
            }
            if (o.FaultAddressSymbol is { } faultAddress)
            {
                w.WriteString("faultAddress", faultAddress);
            }
            w.WriteEndObject();
        }
        if (outcome.Disagreement is { } d)
        {
            w.WriteString("disagreement", d);
        }
        ResultJson.WriteEvidence(w, outcome.Result);
        w.WriteEndObject();
    }
}
