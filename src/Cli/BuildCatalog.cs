using Tpsim.Emulator.Toolchain;

namespace Tpsim.Cli;

/// <summary>Resolves <c>--compiler</c> and <c>--config</c> into the builds to run, compiler-major.</summary>
public static class BuildCatalog
{
    public static IReadOnlyList<BuildSpec> Resolve(string? compilers, string? configs)
    {
        var kinds = Parse(compilers, CompilerKinds.All, k => k.ToName(), CompilerKind.Clang, "--compiler");
        var cfgs = Parse(configs, BuildConfigs.All, c => c.Name, BuildConfigs.Default, "--config");
        return [.. kinds.SelectMany(k => cfgs.Select(c => new BuildSpec(k, c)))];
    }

    /// <summary>
    /// The builds, when at least one applies to at least one of <paramref name="isas"/>; otherwise a usage error that
    /// gives each reason (a selection that runs nothing must not pass, nor fail like a wrong verdict).
    /// </summary>
    public static IReadOnlyList<BuildSpec> ResolveFor(string? compilers, string? configs, IReadOnlyList<Emulator.Isa.IsaBackend> isas)
    {
        var builds = Resolve(compilers, configs);
        var reasons = new List<string>();
        foreach (var isa in isas)
        {
            foreach (var build in builds)
            {
                if (build.IsDefault || isa.Toolchain.FlagsFor(build, out var reason) is not null)
                {
                    return builds;
                }
                reasons.Add($"{build.Name} on {isa.Name}: {reason}");
            }
        }
        throw CliErrors.NothingToRun(reasons);
    }

    /// <summary>Exactly one build, for commands that run one case; a build that does not apply to the ISA is a usage error.</summary>
    public static BuildSpec ResolveOne(string? compiler, string? config, Emulator.Isa.IsaBackend isa)
    {
        var builds = Resolve(compiler, config);
        if (builds.Count != 1)
        {
            throw CliErrors.OneBuildOnly();
        }
        var build = builds[0];
        if (!build.IsDefault && isa.Toolchain.FlagsFor(build, out var reason) is null)
        {
            throw CliErrors.BuildNotApplicable(build.Name, isa.Name, reason!);
        }
        return build;
    }

    private static IReadOnlyList<T> Parse<T>(string? spec, IReadOnlyList<T> all, Func<T, string> name, T fallback, string option)
    {
        if (spec is null)
        {
            return [fallback];
        }
        if (string.Equals(spec.Trim(), "all", StringComparison.OrdinalIgnoreCase))
        {
            return all;
        }
        var result = new List<T>();
        foreach (var word in spec.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            // An index, not FirstOrDefault: the default of an enum is a real choice (clang), so a miss would pass as it.
            var at = all.ToList().FindIndex(x => string.Equals(name(x), word, StringComparison.OrdinalIgnoreCase));
            var match = at >= 0 ? all[at] : throw CliErrors.UnknownChoice(option, word, [.. all.Select(name), "all"]);
            if (!result.Contains(match))
            {
                result.Add(match);
            }
        }
        return result.Count > 0 ? result : throw CliErrors.UnknownChoice(option, spec, [.. all.Select(name), "all"]);
    }
}
