using System.Text.Json;
using Tpsim.Arch;
using Tpsim.Emulator.Isa;
using Tpsim.Emulator.Toolchain;
using Tpsim.Harness.Cases;

namespace Tpsim.Cli.Reports;

/// <summary>
/// One ISA's cases as this tpsim lists them, by build and name, for <c>tpsim merge</c> to find a report's cases again;
/// each build is listed once, when a case of it first comes.
/// </summary>
/// <param name="what">What the cases are, for the message when one is not found ("matrix", "cross-check of seed 7").</param>
public sealed class CaseCatalog(IsaBackend isa, Func<IsaBackend, BuildSpec, IEnumerable<StubCase>> cases, string what)
{
    private readonly Dictionary<BuildSpec, Dictionary<string, StubCase>> _builds = [];

    public IsaBackend Isa => isa;

    /// <summary>The ISA named in a report; an unknown one is refused with the file.</summary>
    public static IsaBackend Resolve(string file, string name) =>
        IsaRegistry.TryCreate(name, out var backend) ? backend : throw new MergeException($"{file}: unknown ISA '{name}'");

    public StubCase Find(string file, JsonElement c)
    {
        var build = MergeJson.Build(file, c);
        if (!_builds.TryGetValue(build, out var known))
        {
            // A generated case drawn twice is the same case twice.
            known = _builds[build] = cases(isa, build).DistinctBy(k => k.Name).ToDictionary(k => k.Name, StringComparer.Ordinal);
        }
        var name = MergeJson.Text(file, c, "name");
        return known.TryGetValue(name, out var found) ? found
            : throw new MergeException($"{file}: case {name} is not in this tpsim's {what}; merge with the tpsim that wrote the report");
    }
}
