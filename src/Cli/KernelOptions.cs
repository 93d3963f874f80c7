using Tpsim.Arch;
using Tpsim.Emulator.Isa;
using Tpsim.KernelSim.Scenarios;
using Tpsim.KernelSim.Scenarios.Running;
using Tpsim.Linux;
using Tpsim.Linux.Build;
using Tpsim.Linux.Scenarios;
using Tpsim.Linux.Strategies;
using Tpsim.Linux.Trees;

namespace Tpsim.Cli;

/// <summary>Resolves <c>--kernel</c> and the ISAs a real kernel is built for.</summary>
public static class KernelOptions
{
    public static KernelSpec Spec(string text) =>
        KernelSpec.TryParse(text, out var spec, out var error) ? spec : throw new UsageException(error!);

    /// <summary>The ISAs whose kernel tpsim builds, in registry order.</summary>
    public static IReadOnlyList<IsaBackend> KernelIsas => [.. IsaRegistry.All.Where(i => i.Toolchain.Kernel is not null)];

    /// <summary>
    /// The (ISA, build) pairs of a selection that have a real-kernel build; the others are named on stderr and skipped.
    /// A selection where none applies is a usage error with every reason: it must not pass having built nothing.
    /// </summary>
    public static IReadOnlyList<(IsaBackend Isa, Emulator.Toolchain.BuildSpec Build)> Builds(IReadOnlyList<IsaBackend> isas, string? compilers, string? configs)
    {
        var builds = BuildCatalog.Resolve(compilers, configs);
        var chosen = new List<(IsaBackend, Emulator.Toolchain.BuildSpec)>();
        var skipped = new List<string>();
        foreach (var isa in isas)
        {
            foreach (var build in builds)
            {
                if (Linux.Build.KernelBuilds.TryOptions(isa, build, out var why) is null)
                {
                    skipped.Add(why!);
                }
                else
                {
                    chosen.Add((isa, build));
                }
            }
        }
        if (chosen.Count == 0)
        {
            throw CliErrors.NothingToRun(skipped);
        }
        foreach (var why in skipped)
        {
            Console.Error.WriteLine($"kernel: skipped {why}");
        }
        return chosen;
    }

    /// <summary><c>--arch</c> for a real kernel: default and <c>all</c> mean every ISA with a kernel build.</summary>
    public static IReadOnlyList<IsaBackend> Isas(string? spec)
    {
        if (spec is null || string.Equals(spec.Trim(), "all", StringComparison.OrdinalIgnoreCase))
        {
            return KernelIsas;
        }
        var isas = IsaCatalog.ResolveList(spec);
        foreach (var isa in isas.Where(i => i.Toolchain.Kernel is null))
        {
            throw new UsageException($"tpsim builds no real kernel for {isa.Name} yet; real-kernel ISAs: {string.Join(", ", KernelIsas.Select(i => i.Name))}");
        }
        return isas;
    }

    /// <summary>
    /// <c>--strategy</c> on a real tree: parsed as on the simulated kernel (a comma list, or <c>all</c>; an empty or
    /// unknown one is a usage error), each strategy then run as its patch; the tree's own <c>stub</c> by default.
    /// </summary>
    public static IReadOnlyList<string> Strategies(string? spec)
    {
        var names = StrategyCatalog.ResolveList(spec).Select(s => s.Name).ToList();
        foreach (var name in names.Where(n => !LinuxStrategies.Exists(n)))
        {
            throw new UsageException($"--strategy {name}: no patch for it on a real tree; a real tree runs {string.Join(", ", LinuxStrategies.Names)}");
        }
        return names;
    }

    /// <summary>The patches a strategy's tree gets: the strategy's own (none for stub), then the user's, in order.</summary>
    public static IReadOnlyList<string> PatchesFor(KernelCache cache, string strategy, IReadOnlyList<string>? user) =>
        [.. LinuxStrategies.PatchFile(cache, strategy) is { } own ? [own] : Array.Empty<string>(), .. user ?? []];

    /// <summary>
    /// A scenario on a real tree for each strategy (its patch, then the user's) and each (ISA, build): the kbuild trees and
    /// builds from the cache, a runner per strategy from <paramref name="runnerFor"/>.
    /// </summary>
    public static IReadOnlyList<ScenarioRun> RunScenario(Scenario scenario, KernelSpec spec, IReadOnlyList<(IsaBackend Isa, Emulator.Toolchain.BuildSpec Build)> selection,
        IReadOnlyList<string> strategies, IReadOnlyList<string>? userPatches, Action<string> progress, Func<KernelCache, Action<string>, string, LinuxScenarioRunner> runnerFor)
    {
        ArgumentNullException.ThrowIfNull(runnerFor);
        var cache = new KernelCache(Emulator.Toolchain.Compiler.DefaultCacheDirectory());
        var Progress = progress;
        var kbuild = new KernelBuilds(cache, Progress);
        var runs = new List<ScenarioRun>();
        foreach (var strategy in strategies)
        {
            // The strategy's patch first, then the user's: a maintainer's fix can go on top of any strategy.
            var tree = new KernelTrees(cache, Progress).Open(spec, PatchesFor(cache, strategy, userPatches));
            var runner = runnerFor(cache, Progress, strategy);
            foreach (var (isa, build) in selection)
            {
                runs.Add(runner.Run(scenario, kbuild.Prepare(tree, isa, build)));
            }
        }
        return runs;
    }
}
