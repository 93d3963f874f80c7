using Tpsim.KernelSim.Scenarios.Running;
using Spectre.Console;
using Spectre.Console.Cli;
using Tpsim.Cli.Reports;
using Tpsim.Harness.Running;
using Tpsim.KernelSim.Scenarios;
using Tpsim.KernelSim.Strategies;

namespace Tpsim.Cli.Commands;

/// <summary><c>tpsim scenario</c>: a scenario file or built-in on every requested ISA and strategy; exit 1 when an expectation fails.</summary>
public sealed class ScenarioCommand : Command<ScenarioSettings>
{
    public override int Execute(CommandContext context, ScenarioSettings settings, CancellationToken cancellationToken)
    {
        var format = OptionParsing.Format(settings.Format, ReportFormat.Table, ReportFormat.Json);
        if (settings.List)
        {
            using var list = new StreamWriter(ReportOutput.Open(null));
            foreach (var name in BuiltinScenarios.Names)
            {
                list.WriteLine(name);
            }
            return ExitCodes.Ok;
        }
        var isas = IsaCatalog.ResolveList(settings.Arch);
        var strategies = StrategyCatalog.ResolveList(settings.Strategy);
        var builds = BuildCatalog.ResolveFor(settings.Compiler, settings.Config, isas);
        var outPath = ReportOutput.Resolve(settings.Out);
        var scenario = Load(settings);

        var runs = ScenarioMatrix.Execute(scenario, isas, strategies, builds, settings.CountInstructions);
        var failed = runs.Count(r => !r.Passed);

        if (format == ReportFormat.Table && outPath is null)
        {
            ScenarioTableReport.Write(ReportOutput.Console(), scenario, runs);
        }
        else
        {
            using var stream = ReportOutput.Open(outPath);
            if (format == ReportFormat.Json)
            {
                ScenarioJsonReport.Write(stream, scenario, runs);
                stream.WriteByte((byte)'\n');
            }
            else
            {
                using var writer = new StreamWriter(stream, leaveOpen: true);
                ScenarioTableReport.Write(ReportOutput.PlainConsole(writer), scenario, runs);
            }
        }
        if (format == ReportFormat.Json || outPath is not null)
        {
            var line = $"{runs.Count - failed} of {runs.Count} runs passed";
            StandardError.Console.MarkupLine($"[{(failed == 0 ? "green" : "red")}]{Markup.Escape(line)}[/]");
        }
        return failed == 0 ? ExitCodes.Ok : ExitCodes.Failed;
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
