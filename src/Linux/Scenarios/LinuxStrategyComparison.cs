using Tpsim.Emulator.Isa;
using Tpsim.Emulator.Running;
using Tpsim.Emulator.Toolchain;
using Tpsim.KernelSim.Scenarios;
using Tpsim.KernelSim.Strategies;
using ModelStrategies = Tpsim.KernelSim.Strategies.Strategies;
using Tpsim.Linux.Build;
using Tpsim.Linux.Strategies;
using Tpsim.Linux.Trees;

namespace Tpsim.Linux.Scenarios;

/// <summary>
/// <c>tpsim strategies --kernel</c>: the strategies table's runs (the seed by clang default and kcfi builds, three-probes
/// counting instructions) on a real tree, one thread per ISA, for every strategy that comes as a patch
/// (<see cref="LinuxStrategies"/>): each strategy's tree is the user's tree with that patch, then the user's patches.
/// </summary>
public static class LinuxStrategyComparison
{
    /// <param name="trees">The tree of each strategy, by name, in the order of the rows.</param>
    public static IReadOnlyList<StrategyRow> Execute(IReadOnlyList<IsaBackend> isas, IReadOnlyList<(string Strategy, KernelTree Tree)> trees, KernelCache cache, Action<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(trees);
        var seed = BuiltinScenarios.Load("seed", ModelStrategies.Names);
        var bench = BuiltinScenarios.Load("three-probes", ModelStrategies.Names);
        var others = StrategyComparison.OtherBuiltins(ModelStrategies.Names);
        var cells = PerIsa.Run(isas, (isa, abort) => trees.Select(t =>
        {
            abort.ThrowIfCancellationRequested();
            var builds = new KernelBuilds(cache, progress);
            var runner = new LinuxScenarioRunner(cache, progress) { CountInstructions = true, Strategy = t.Strategy };
            var build = builds.Prepare(t.Tree, isa, BuildSpec.Default);
            var cell = StrategyComparison.Cell(isa.Name, runner.Run(seed, build), runner.Run(bench, build), others.Select(o => (o.Name, runner.Run(o.Scenario, build))));
            var kcfi = new BuildSpec(CompilerKind.Clang, BuildConfigs.Kcfi);
            return KernelBuilds.TryOptions(isa, kcfi, out string? _) is null
                ? cell
                : StrategyComparison.WithKcfi(cell, runner.Run(seed, builds.Prepare(t.Tree, isa, kcfi)));
        }).ToList());
        return [.. trees.Select((t, i) => new StrategyRow(
            ModelStrategies.TryGet(t.Strategy, out var strategy) ? strategy : throw new KernelInputException($"strategy {t.Strategy} has no row in the strategies table"),
            [.. cells.Select(c => c[i])]))];
    }
}
