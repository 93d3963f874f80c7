using Tpsim.Arch;
using Tpsim.Emulator.Isa;
using Tpsim.Linux;
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
}
