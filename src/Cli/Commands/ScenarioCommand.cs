using Tpsim.KernelSim.Scenarios.Running;
using Spectre.Console;
using Spectre.Console.Cli;
using Tpsim.Cli.Reports;
using Tpsim.Emulator.Checking;
using Tpsim.Emulator.Tracing;
using Tpsim.Harness.Running;
using Tpsim.KernelSim.Scenarios;
using Tpsim.KernelSim.Strategies;
using Tpsim.Linux;
using Tpsim.Linux.Build;
using Tpsim.Linux.Scenarios;
using Tpsim.Linux.Trees;

namespace Tpsim.Cli.Commands;

/// <summary><c>tpsim scenario</c>: a scenario file or built-in on every requested ISA and strategy; exit 1 when an expectation fails.</summary>
public sealed class ScenarioCommand : Command<ScenarioSettings>
{
    public override int Execute(CommandContext context, ScenarioSettings settings, CancellationToken cancellationToken)
    {
        var format = OptionParsing.Format(settings.Format, ReportFormat.Table, ReportFormat.Json, ReportFormat.Html);
        if (settings.List)
        {
            using var list = new StreamWriter(ReportOutput.Open(null));
            foreach (var name in BuiltinScenarios.Names)
            {
                list.WriteLine(name);
            }
            return ExitCodes.Ok;
        }
        var kernel = settings.Kernel is { } spec ? KernelOptions.Spec(spec) : KernelSpec.Model;
        if (kernel.IsModel && settings.Patch is { Length: > 0 })
        {
            throw new UsageException("--patch applies to a real tree: give --kernel linux-6.12 or the path of a kernel source tree");
        }
        var outPath = ReportOutput.Resolve(settings.Out);
        var scenario = Load(settings);
        var explain = ExplainLine(settings, scenario);
        // The HTML page pictures every fire that did not end balanced, so those fires are recorded.
        var traceNotBalanced = format == ReportFormat.Html;
        var runs = kernel.IsModel
            ? ProgressReporter.Run("scenario", ProgressReporter.Enabled(format, outPath), _ => RunModel(settings, scenario, explain, traceNotBalanced))
            : RunReal(settings, scenario, kernel, explain, traceNotBalanced, ProgressReporter.Enabled(format, outPath));
        if (explain is not null || traceNotBalanced)
        {
            ScenarioTraces.Disassemble(runs);
        }
        var failed = runs.Count(r => !r.Passed);

        if (format == ReportFormat.Table && outPath is null)
        {
            ScenarioTableReport.Write(ReportOutput.Console(), scenario, runs);
            if (explain is not null)
            {
                WriteExplained(ReportOutput.Console(), runs);
            }
        }
        else
        {
            using var stream = ReportOutput.Open(outPath);
            if (format == ReportFormat.Json)
            {
                ScenarioJsonReport.Write(stream, scenario, runs);
                stream.WriteByte((byte)'\n');
            }
            else if (format == ReportFormat.Html)
            {
                using var writer = new StreamWriter(stream, leaveOpen: true);
                ScenarioHtmlReport.Write(writer, scenario, runs);
            }
            else
            {
                using var writer = new StreamWriter(stream, leaveOpen: true);
                ScenarioTableReport.Write(ReportOutput.PlainConsole(writer), scenario, runs);
            }
        }
        if (format != ReportFormat.Table || outPath is not null)
        {
            var line = $"{runs.Count - failed} of {runs.Count} runs passed";
            StandardError.Console.MarkupLine($"[{(failed == 0 ? "green" : "red")}]{Markup.Escape(line)}[/]");
        }
        return failed == 0 ? ExitCodes.Ok : ExitCodes.Failed;
    }

    private static IReadOnlyList<ScenarioRun> RunModel(ScenarioSettings settings, Scenario scenario, int? explain, bool traceNotBalanced)
    {
        var isas = IsaCatalog.ResolveList(settings.Arch);
        var strategies = StrategyCatalog.ResolveList(settings.Strategy);
        var builds = BuildCatalog.ResolveFor(settings.Compiler, settings.Config, isas);
        return ScenarioMatrix.Execute(scenario, isas, strategies, builds, settings.CountInstructions, explain, traceNotBalanced);
    }

    /// <summary>The line <c>--explain</c> names, which must hold a <c>fire</c>.</summary>
    private static int? ExplainLine(ScenarioSettings settings, Scenario scenario)
    {
        if (settings.Explain is not { } text)
        {
            return null;
        }
        var fires = scenario.Steps.OfType<FireStep>().Select(f => f.Line).ToList();
        if (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var line) && fires.Contains(line))
        {
            return line;
        }
        throw new UsageException(fires.Count == 0
            ? $"--explain {text}: {scenario.File} has no fire to explain"
            : $"--explain {text}: {scenario.File}:{text} is no fire; the fires are on lines {string.Join(", ", fires)}");
    }

    /// <summary>Each run's explained fire, after the scenario table.</summary>
    private static void WriteExplained(IAnsiConsole console, IReadOnlyList<ScenarioRun> runs)
    {
        foreach (var run in runs)
        {
            foreach (var step in run.Steps.Where(s => s.Trace is not null))
            {
                console.WriteLine();
                var outcome = step.Run!;
                console.MarkupLineInterpolated($"[bold]{run.Arch}[/] {run.Strategy} ({run.Build.Name}), line {step.Line}: {step.Command}");
                console.MarkupLineInterpolated($"verdict: {outcome.Verdict.ToName()}{(outcome.Violations.Count > 0 ? $" ({outcome.Violations[0]})" : "")}");
                ExplainTextReport.Write(console, IsaCatalog.Resolve(run.Arch), step.Trace!, step.ExplainedCall);
            }
        }
    }

    /// <summary>The scenario on a real tree, per ISA and build; the tree runs its own removal code (the stub strategy).</summary>
    private static IReadOnlyList<ScenarioRun> RunReal(ScenarioSettings settings, Scenario scenario, KernelSpec spec, int? explain, bool traceNotBalanced, bool live)
    {
        var isas = KernelOptions.Isas(settings.Arch);
        var selection = KernelOptions.Builds(isas, settings.Compiler, settings.Config);
        return ProgressReporter.Run("scenario --kernel", live, p => KernelOptions.RunScenario(scenario, spec, selection, KernelOptions.Strategies(settings.Strategy), settings.Patch, p.Kernel,
            (cache, progress, strategy) => new LinuxScenarioRunner(cache, progress)
            {
                CountInstructions = settings.CountInstructions, Strategy = strategy, ExplainLine = explain, TraceNotBalanced = traceNotBalanced,
            }));
    }

    private static Scenario Load(ScenarioSettings settings)
    {
        if ((settings.File is null) == (settings.Builtin is null))
        {
            throw CliErrors.ScenarioSource();
        }
        if (settings.Builtin is { } name)
        {
            return BuiltinScenarios.Exists(name)
                ? BuiltinScenarios.Load(name, Strategies.Names)
                : throw CliErrors.UnknownBuiltin(name, BuiltinScenarios.Names);
        }
        var path = settings.File!;
        if (Directory.Exists(path))
        {
            throw CliErrors.ScenarioIsDirectory(path);
        }
        if (!File.Exists(path))
        {
            throw CliErrors.ScenarioFileMissing(path);
        }
        return ScenarioParser.ParseFile(path, Strategies.Names);
    }
}
