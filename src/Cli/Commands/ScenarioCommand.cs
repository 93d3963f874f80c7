using Tpsim.KernelSim.Scenarios.Running;
using Spectre.Console;
using Spectre.Console.Cli;
using Tpsim.Cli.Reports;
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
        var kernel = settings.Kernel is { } spec ? KernelOptions.Spec(spec) : KernelSpec.Model;
        if (kernel.IsModel && settings.Patch is { Length: > 0 })
        {
            throw new UsageException("--patch applies to a real tree: give --kernel linux-6.12 or the path of a kernel source tree");
        }
        var outPath = ReportOutput.Resolve(settings.Out);
        var scenario = Load(settings);
        var runs = kernel.IsModel ? RunModel(settings, scenario) : RunReal(settings, scenario, kernel, ProgressReporter.Enabled(format, outPath));
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

    private static IReadOnlyList<ScenarioRun> RunModel(ScenarioSettings settings, Scenario scenario)
    {
        var isas = IsaCatalog.ResolveList(settings.Arch);
        var strategies = StrategyCatalog.ResolveList(settings.Strategy);
        var builds = BuildCatalog.ResolveFor(settings.Compiler, settings.Config, isas);
        return ScenarioMatrix.Execute(scenario, isas, strategies, builds, settings.CountInstructions);
    }

    /// <summary>The scenario on a real tree, per ISA and build; the tree runs its own removal code (the stub strategy).</summary>
    private static IReadOnlyList<ScenarioRun> RunReal(ScenarioSettings settings, Scenario scenario, KernelSpec spec, bool live)
    {
        var isas = KernelOptions.Isas(settings.Arch);
        var strategies = KernelOptions.Strategies(settings.Strategy);
        var selection = KernelOptions.Builds(isas, settings.Compiler, settings.Config);
        var cache = new KernelCache(Emulator.Toolchain.Compiler.DefaultCacheDirectory());
        return ProgressReporter.Run("scenario --kernel", live, p =>
        {
            var kbuild = new KernelBuilds(cache, p.Kernel);
            var runs = new List<ScenarioRun>();
            foreach (var strategy in strategies)
            {
                // The strategy's patch first, then the user's: a maintainer's fix can go on top of any strategy.
                var tree = new KernelTrees(cache, p.Kernel).Open(spec, KernelOptions.PatchesFor(cache, strategy, settings.Patch));
                var runner = new LinuxScenarioRunner(cache, p.Kernel) { CountInstructions = settings.CountInstructions, Strategy = strategy };
                foreach (var (isa, build) in selection)
                {
                    runs.Add(runner.Run(scenario, kbuild.Prepare(tree, isa, build)));
                }
            }
            return (IReadOnlyList<ScenarioRun>)runs;
        });
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
