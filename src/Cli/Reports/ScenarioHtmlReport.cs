using Tpsim.Emulator.Checking;
using Tpsim.Emulator.Toolchain;
using Tpsim.KernelSim.Kernel;
using Tpsim.KernelSim.Scenarios;
using Tpsim.KernelSim.Scenarios.Running;

namespace Tpsim.Cli.Reports;

/// <summary>
/// <c>scenario --format html</c>: one table per ISA, a row per step of every run (strategy and build), and each fire
/// that did not end balanced explained with its stack picture and trace.
/// </summary>
public static class ScenarioHtmlReport
{
    private static readonly string[] Columns = ["strategy", "build", "line", "command", "status", "result", "expected / actual", "kernel log"];

    public static void Write(TextWriter writer, Scenario scenario, IReadOnlyList<ScenarioRun> runs)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(runs);
        var passed = runs.Count(r => r.Passed);
        var page = new HtmlPage(writer);
        page.Begin($"tpsim scenario {scenario.Name}", $"{passed} of {runs.Count} runs passed ({scenario.File})");
        foreach (var group in runs.GroupBy(r => r.Arch))
        {
            var isa = IsaCatalog.Resolve(group.Key);
            page.BeginGroup(group.Key, Columns, string.Join("; ", group.Select(r => $"{r.Strategy} {r.Build.Name}: {(r.Passed ? "passed" : $"{r.Failures.Count} expectation(s) failed")}")));
            foreach (var run in group)
            {
                foreach (var step in run.Steps)
                {
                    var verdict = step.Run?.Verdict.ToName() ?? "balanced";
                    var result = step.Run is { } outcome
                        ? $"{outcome.Verdict.ToName()}{(outcome.Violations.Count > 0 ? $": {outcome.Violations[0]}" : outcome.Trap is { } t ? $": {t.Kind.ToName()} {t.Instruction}" : "")}"
                        : step.Return is { } ret ? Errno.Name(ret) : "";
                    var calls = step.Calls is { Count: > 0 } c ? $" calls {string.Join(", ", c)}" : "";
                    page.Row(
                        [run.Strategy, run.Build.Name, step.Line.ToString(System.Globalization.CultureInfo.InvariantCulture), step.Command, step.Status, result + calls,
                            step.Expected is { } e ? $"{e} / {step.Actual}" : "", string.Join("; ", step.Dmesg.Select(m => $"{m.Kind}: {m.Text}"))],
                        verdict, step.Status != StepStatus.Failed);
                    if (step.Trace is { } trace)
                    {
                        page.Explained(Columns.Length, isa, trace, step.ExplainedCall, step.Run?.Verdict.ToName() ?? "stop");
                    }
                }
            }
            page.EndGroup();
        }
        page.End();
    }
}
