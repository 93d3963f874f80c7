using Tpsim.Harness.Running;

namespace Tpsim.Cli.Reports;

/// <summary>
/// What one report file says about the run it came from: its ISAs in run order, the settings that must be the same in
/// every merged report (builds, kernel, seed), and its shard.
/// </summary>
/// <param name="Settings">Each setting that must match, by name, as the report spells it.</param>
public sealed record ReportPart(string File, ReportKind Kind, IReadOnlyList<string> Arch, IReadOnlyList<(string Name, string Value)> Settings, Shard Shard)
{
    /// <summary>Shards of one run share their ISA list (positions depend on it).</summary>
    public string RunKey => string.Join(",", Arch);
}
