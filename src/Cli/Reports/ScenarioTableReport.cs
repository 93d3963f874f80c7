using Spectre.Console;
using Tpsim.Emulator.Checking;
using Tpsim.KernelSim.Kernel;
using Tpsim.KernelSim.Scenarios;
using Tpsim.KernelSim.Scenarios.Running;

namespace Tpsim.Cli.Reports;

/// <summary>
/// <c>scenario</c> as tables: one run shows every step; several runs show a strategy x ISA grid and then
/// the steps of every run that failed, so a full <c>--arch all --strategy all</c> stays readable.
/// </summary>
public static class ScenarioTableReport
{
    public static void Write(IAnsiConsole console, Scenario scenario, IReadOnlyList<ScenarioRun> runs)
    {
        console.MarkupLineInterpolated($"[bold]scenario {scenario.Name}[/] ({scenario.File})");
        if (runs.Count == 1)
        {
            WriteSteps(console, runs[0]);
        }
        else
        {
            WriteGrid(console, runs);
            foreach (var run in runs.Where(r => !r.Passed))
            {
                WriteSteps(console, run);
            }
        }
        var failed = runs.Count(r => !r.Passed);
        var line = $"{runs.Count - failed} of {runs.Count} runs passed";
        console.MarkupLine($"[{(failed == 0 ? "green" : "red")}]{Markup.Escape(line)}[/]");
    }

    private static void WriteGrid(IAnsiConsole console, IReadOnlyList<ScenarioRun> runs)
    {
        var arches = runs.Select(r => r.Arch).Distinct().ToList();
        var severalBuilds = runs.Select(r => r.Build).Distinct().Count() > 1;
        // A column per ISA only where every cell fits whole; otherwise a row per run, so no verdict is split.
        var cell = runs.Max(r => Markup.Remove(Summary(r)).Length);
        var grid = (severalBuilds ? 16 : 0) + 16 + arches.Count * Math.Max(cell + 3, 10) + 1;
        if (grid > console.Profile.Width)
        {
            WriteRows(console, runs, severalBuilds);
            return;
        }
        var table = new Table();
        if (severalBuilds)
        {
            table.AddColumn("build");
        }
        table.AddColumn("strategy");
        foreach (var arch in arches)
        {
            table.AddColumn(arch);
        }
        foreach (var (build, strategy) in runs.Select(r => (r.Build, r.Strategy)).Distinct())
        {
            var cells = new List<string>();
            if (severalBuilds)
            {
                cells.Add(Markup.Escape(build.Name));
            }
            cells.Add(Markup.Escape(strategy));
            foreach (var arch in arches)
            {
                var run = runs.FirstOrDefault(r => r.Arch == arch && r.Strategy == strategy && r.Build == build);
                cells.Add(run is null ? "[grey]n/a[/]" : Summary(run));
            }
            table.AddRow(cells.ToArray());
        }
        console.Write(table);
        console.MarkupLine("[grey]each cell: ok when every expectation held, then the verdict of each fire in order[/]");
    }

    /// <summary>The grid turned on its side for a narrow console: one row per build, strategy and ISA.</summary>
    private static void WriteRows(IAnsiConsole console, IReadOnlyList<ScenarioRun> runs, bool severalBuilds)
    {
        var table = new Table();
        if (severalBuilds)
        {
            table.AddColumn("build");
        }
        table.AddColumn("strategy").AddColumn("isa").AddColumn("result");
        // Strategies in the order asked for, each with its ISAs in report order.
        foreach (var run in runs.GroupBy(r => (r.Build, r.Strategy)).SelectMany(g => g))
        {
            var cells = new List<string>();
            if (severalBuilds)
            {
                cells.Add(Markup.Escape(run.Build.Name));
            }
            cells.Add(Markup.Escape(run.Strategy));
            cells.Add(Markup.Escape(run.Arch));
            cells.Add(Summary(run));
            table.AddRow(cells.ToArray());
        }
        console.Write(table);
        console.MarkupLine("[grey]result: ok when every expectation held, then the verdict of each fire in order[/]");
    }

    /// <summary>Pass/fail plus the fire verdicts in order, which is what tells the strategies apart.</summary>
    private static string Summary(ScenarioRun run)
    {
        var fires = string.Join(" ", run.Steps.Where(s => s.Status != StepStatus.Skipped && s.Calls is not null).Select(s => s.Run!.Verdict.ToName()));
        var status = run.Passed ? "[green]ok[/]" : $"[red]FAILED line {string.Join(",", run.Failures.Select(f => f.Line))}[/]";
        return $"{status} {Markup.Escape(fires)}";
    }

    private static void WriteSteps(IAnsiConsole console, ScenarioRun run)
    {
        var table = new Table()
            .Title(run.Build.IsDefault ? $"{run.Arch} · {run.Strategy}" : $"{run.Arch} · {run.Strategy} · {run.Build.Name}")
            .AddColumn(new TableColumn("line").RightAligned())
            .AddColumn("step")
            .AddColumn("result");
        foreach (var step in run.Steps.Where(s => s.Status != StepStatus.Skipped && !IsDeclaration(s)))
        {
            table.AddRow(step.Line.ToString(System.Globalization.CultureInfo.InvariantCulture), Markup.Escape(step.Command), Result(step));
        }
        console.Write(table);
    }

    private static bool IsDeclaration(StepResult s) =>
        s.Command.StartsWith("tracepoint ", StringComparison.Ordinal) || s.Command.StartsWith("module ", StringComparison.Ordinal);

    private static string Result(StepResult step)
    {
        if (step.Status == StepStatus.Failed)
        {
            return $"[red]FAILED[/] expected {Markup.Escape(step.Expected ?? "")}, got {Markup.Escape(step.Actual ?? "")}";
        }
        if (step.Expected is not null)
        {
            return "[green]ok[/]";
        }
        var parts = new List<string>();
        if (step.Return is { } ret)
        {
            parts.Add($"returned {Errno.Name(ret)}");
        }
        if (step.Array is { } array)
        {
            parts.Add($"array [[{Markup.Escape(string.Join(", ", array))}]]");
        }
        if (step.Run is { } run)
        {
            var verdict = run.Verdict == Verdict.Balanced ? "[green]balanced[/]" : $"[yellow]{run.Verdict.ToName()}[/]";
            parts.Add(step.Calls is null ? (run.Verdict == Verdict.Balanced ? "" : verdict) : verdict);
            if (step.Calls is { } calls)
            {
                parts.Add($"calls [[{Markup.Escape(string.Join(", ", calls))}]]" + (run.Instructions is { } n ? $", {n} insns" : ""));
            }
            parts.AddRange(run.Violations.Select(v => Markup.Escape(v.ToString())));
            parts.AddRange(run.Notes.Select(Markup.Escape));
        }
        parts.AddRange(step.Notes.Select(Markup.Escape));
        parts.AddRange(step.Dmesg.Select(m => m.IsViolation
            ? $"[red]kernel violation {Markup.Escape(m.Kind)}: {Markup.Escape(m.Text)}[/]"
            : $"[grey]dmesg {Markup.Escape(m.Kind)}: {Markup.Escape(m.Text)}[/]"));
        return string.Join("\n", parts.Where(p => p.Length > 0));
    }
}
