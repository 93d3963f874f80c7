using Tpsim.KernelSim.Strategies;

namespace Tpsim.Cli;

/// <summary>Resolves <c>--strategy</c>: a comma-separated list of contract names, or <c>all</c>.</summary>
public static class StrategyCatalog
{
    public static IReadOnlyList<RemovalStrategy> ResolveList(string? spec)
    {
        if (spec is null)
        {
            return [Strategies.Default];
        }
        if (string.Equals(spec.Trim(), "all", StringComparison.OrdinalIgnoreCase))
        {
            return Strategies.All;
        }
        var result = new List<RemovalStrategy>();
        foreach (var name in spec.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            // Case-insensitive like --arch; scenario files spell strategies exactly.
            var strategy = Strategies.All.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase))
                ?? throw CliErrors.UnknownStrategy(name, Strategies.Names);
            if (!result.Contains(strategy))
            {
                result.Add(strategy);
            }
        }
        return result.Count > 0 ? result : throw CliErrors.UnknownStrategy(spec, Strategies.Names);
    }
}
