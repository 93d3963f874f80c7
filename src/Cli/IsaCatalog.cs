using Tpsim.Arch;
using Tpsim.Emulator.Isa;

namespace Tpsim.Cli;

/// <summary>Resolves the command line's ISA names through <see cref="IsaRegistry"/>, with the CLI's error messages.</summary>
public static class IsaCatalog
{
    public static IReadOnlyList<string> Names => IsaRegistry.Names;

    public static IsaBackend Resolve(string name) =>
        IsaRegistry.TryCreate(name, out var isa) ? isa : throw CliErrors.UnknownIsa(name.Trim(), Names);

    /// <summary>Parses a comma-separated list; null or <c>all</c> means every ISA. Duplicates collapse, the user's order is kept.</summary>
    public static IReadOnlyList<IsaBackend> ResolveList(string? spec)
    {
        if (spec is null || string.Equals(spec.Trim(), "all", StringComparison.OrdinalIgnoreCase))
        {
            return IsaRegistry.CreateAll();
        }
        var names = spec.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (names.Length == 0)
        {
            throw CliErrors.NoIsa(Names);
        }
        var result = new List<IsaBackend>();
        foreach (var isa in names.Select(Resolve))
        {
            if (result.All(r => r.Name != isa.Name))
            {
                result.Add(isa);
            }
        }
        return result;
    }
}
