using Tpsim.KernelSim.Strategies;
using Spectre.Console;
using Spectre.Console.Cli;
using Tpsim.Cli.Reports;
using Tpsim.Emulator.Toolchain;
using Tpsim.Emulator.Tracing;
using Tpsim.KernelSim.Scenarios;
using Tpsim.Harness.Running;
using Tpsim.KernelSim.Scenarios.Running;
using Tpsim.Linux;
using Tpsim.Linux.Scenarios;
using Tpsim.Linux.Strategies;
using Tpsim.Linux.Trees;

namespace Tpsim.Cli.Commands;

/// <summary><c>tpsim strategies</c>: every removal strategy on every ISA, from the seed scenario and a three-probe fire.</summary>
public sealed class StrategiesCommand : Command<StrategiesSettings>
{
    public override int Execute(CommandContext context, StrategiesSettings settings, CancellationToken cancellationToken)
    {
        var format = OptionParsing.Format(settings.Format, ReportFormat.Table, ReportFormat.Json, ReportFormat.Html);
        var kernel = settings.Kernel is { } spec ? KernelOptions.Spec(spec) : KernelSpec.Model;
        if (kernel.IsModel && settings.Patch is { Length: > 0 })
        {
            throw new UsageException("--patch applies to a real tree: give --kernel linux-6.12 or the path of a kernel source tree");
        }
        IReadOnlyList<StrategyRow> rows;
        RealKernel? real = null;
        var live = ProgressReporter.Enabled(format);
        if (kernel.IsModel)
        {
            var isas = IsaCatalog.ResolveList(settings.Arch);
            rows = ProgressReporter.Run("strategies", live, _ => StrategyComparison.Execute(isas));
        }
        else
        {
            var isas = KernelOptions.Isas(settings.Arch);
            var cache = new KernelCache(Emulator.Toolchain.Compiler.DefaultCacheDirectory());
            rows = ProgressReporter.Run("strategies --kernel", live, p =>
            {
                var trees = new KernelTrees(cache, p.Kernel);
                var user = trees.Open(kernel, settings.Patch);
                real = new RealKernel(user.Spec.Text, user.Version.ToString(), user.Root, user.Patches);
                p.Kernel($"strategies as patches: {string.Join(", ", LinuxStrategies.Names)}");
                return LinuxStrategyComparison.Execute(isas, [.. LinuxStrategies.Names.Select(n => (n, trees.Open(kernel, KernelOptions.PatchesFor(cache, n, settings.Patch))))], cache, p.Kernel);
            });
        }
        if (format == ReportFormat.Json)
        {
            using var stream = ReportOutput.Open(null);
            StrategiesReport.WriteJson(stream, rows, real);
            stream.WriteByte((byte)'\n');
        }
        else if (format == ReportFormat.Html)
        {
            var seeds = SeedRuns(settings, kernel);
            ScenarioTraces.Disassemble(seeds);
            using var writer = new StreamWriter(ReportOutput.Open(null));
            StrategiesHtmlReport.Write(writer, rows, seeds, real);
        }
        else
        {
            StrategiesReport.WriteTable(ReportOutput.Console(), rows);
        }
        // The table is a finding either way; it only fails when the seed's own expectations did not hold.
        return rows.All(r => r.Cells.All(c => c.SeedPassed)) ? ExitCodes.Ok : ExitCodes.Failed;
    }

    /// <summary>The seed again for every strategy, default and kcfi builds, with each fire that did not end balanced recorded.</summary>
    private static IReadOnlyList<ScenarioRun> SeedRuns(StrategiesSettings settings, KernelSpec kernel)
    {
        var strategies = StrategyCatalog.ResolveList("all");
        if (kernel.IsModel)
        {
            var isas = IsaCatalog.ResolveList(settings.Arch);
            var seed = BuiltinScenarios.Load("seed", Strategies.Names);
            return ScenarioMatrix.Execute(seed, isas, strategies, [BuildSpec.Default, new BuildSpec(CompilerKind.Clang, BuildConfigs.Kcfi)], traceNotBalanced: true);
        }
        var realIsas = KernelOptions.Isas(settings.Arch);
        var selection = KernelOptions.Builds(realIsas, "clang", "default")
            .Concat(KernelOptions.Builds([.. realIsas.Where(i => i.Toolchain.Configs.ContainsKey(BuildConfigs.Kcfi.Name))], "clang", "kcfi")).ToList();
        void Progress(string line) => Console.Error.WriteLine($"kernel: {line}");
        return KernelOptions.RunScenario(BuiltinScenarios.Load("seed", Strategies.Names), kernel, selection, LinuxStrategies.Names, settings.Patch, Progress,
            (cache, progress, strategy) => new LinuxScenarioRunner(cache, progress) { Strategy = strategy, TraceNotBalanced = true });
    }
}
