using Spectre.Console;
using Tpsim.Harness.Running;
using Tpsim.Emulator.Checking;
using Tpsim.Harness.Cases;

namespace Tpsim.Cli.Reports;

/// <summary><c>check --format table</c>: the verdict, then each violation, trap, fault and note.</summary>
public static class CheckTableReport
{
    /// <summary>The narrowest console that shows the violations table with two 64-bit values whole.</summary>
    public const int ViolationTableWidth = 100;

    /// <summary>The case (ISA, and the build where it is not the default; stub, site, arguments, array) and its verdict: shared with <c>explain</c>.</summary>
    public static void WriteHeading(IAnsiConsole console, StubCase c, CaseResult r)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(r);
        var build = c.Build.IsDefault ? "" : $" ({c.Build.Name})";
        console.MarkupLineInterpolated(
            $"[bold]{c.Isa.Name}[/]{build}: {c.Stub.FileName} called by the {MatrixRows.SiteName(c.Site)} site with {c.Args} args in [[{c.Shape.Name}]]");
        var colour = r.Verdict == Verdict.Balanced ? "green" : "red";
        console.MarkupLine($"verdict: [bold {colour}]{Markup.Escape(r.Verdict.ToName())}[/]  ({Markup.Escape(Evidence.Describe(r))})");
    }

    public static void Write(IAnsiConsole console, CaseOutcome outcome)
    {
        var c = outcome.Case;
        var r = outcome.Result;
        WriteHeading(console, c, r);

        if (r.Violations.Count > 0 && console.Profile.Width < ViolationTableWidth)
        {
            // Too narrow for six columns of 18-digit values: one line per violation, wrapped between words.
            foreach (var v in r.Violations)
            {
                console.MarkupLineInterpolated($"call {v.Call} ({v.Callee}): {v.Kind.ToName()} {v.Register}: expected {Hex.Of(v.Expected)}, got {Hex.Of(v.Actual)}");
            }
        }
        else if (r.Violations.Count > 0)
        {
            var table = new Table().Border(TableBorder.Rounded)
                .AddColumns("Call", "Callee", "Kind", "Register", "Expected", "Actual");
            foreach (var v in r.Violations)
            {
                table.AddRow(
                    v.Call.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    Markup.Escape(v.Callee), Markup.Escape(v.Kind.ToName()), Markup.Escape(v.Register),
                    Hex.Of(v.Expected), Hex.Of(v.Actual));
            }
            console.Write(table);
        }
        if (r.Trap is { } trap)
        {
            console.MarkupLineInterpolated($"trap: {trap.Kind.ToName()} at {Hex.Of(trap.Pc)}: {trap.Instruction}");
        }
        if (r.Fault is { } fault)
        {
            console.MarkupLineInterpolated($"fault: {fault.Access.ToName()} of {Hex.Of(fault.Address)} at pc {Hex.Of(fault.Pc)}");
        }
        foreach (var note in r.Notes)
        {
            console.MarkupLineInterpolated($"note: {note}");
        }
        if (c.Generated is not null)
        {
            console.MarkupLineInterpolated($"predicted: {Harness.CrossCheck.Agreement.Predicted(c)}");
        }
        if (outcome.Oracle is { } o)
        {
            console.MarkupLineInterpolated($"oracle: {o}");
        }
        if (outcome.Disagreement is { } d)
        {
            console.MarkupLine($"[bold red]disagreement:[/] {Markup.Escape(d)}");
        }
    }
}
