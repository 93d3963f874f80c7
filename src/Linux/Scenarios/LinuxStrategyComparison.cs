using Tpsim.Emulator.Isa;
using Tpsim.Emulator.Running;
using Tpsim.Emulator.Toolchain;
using Tpsim.KernelSim.Scenarios;
using Tpsim.KernelSim.Strategies;
using ModelStrategies = Tpsim.KernelSim.Strategies.Strategies;
using Tpsim.Linux.Build;
using Tpsim.Linux.Trees;

namespace Tpsim.Linux.Scenarios;

/// <summary>
/// <c>tpsim strategies --kernel</c>: the strategies table's runs (the seed by clang default and kcfi builds, three-probes
/// counting instructions) on a real tree, one thread per ISA. A tree runs its own removal code, the stub strategy, so
/// the table has that row; the posted strategies reach a tree as patches.
/// </summary>
public static class LinuxStrategyComparison
{
    public static IReadOnlyList<StrategyRow> Execute(IReadOnlyList<IsaBackend> isas, KernelTree tree, KernelCache cache, Action<string>? progress = null)
    {
        var seed = BuiltinScenarios.Load("seed", ModelStrategies.Names);
        var bench = BuiltinScenarios.Load("three-probes", ModelStrategies.Names);
        var cells = PerIsa.Run(isas, (isa, abort) =>
        {
            var builds = new KernelBuilds(cache, progress);
            var runner = new LinuxScenarioRunner(cache, progress) { CountInstructions = true };
            var build = builds.Prepare(tree, isa, BuildSpec.Default);
            var cell = StrategyComparison.Cell(isa.Name, runner.Run(seed, build), runner.Run(bench, build));
            abort.ThrowIfCancellationRequested();
            var kcfi = new BuildSpec(CompilerKind.Clang, BuildConfigs.Kcfi);
            return KernelBuilds.TryOptions(isa, kcfi, out string? _) is null
                ? cell
                : StrategyComparison.WithKcfi(cell, runner.Run(seed, builds.Prepare(tree, isa, kcfi)));
        });
        return [new StrategyRow(ModelStrategies.Stub, cells)];
    }
}
