using Tpsim.Emulator.Toolchain;

namespace Tpsim.Harness.Running;

/// <summary>
/// What a matrix or cross-check run was asked for besides its ISAs: the builds and the shard. Reports record it, so
/// that <c>tpsim merge</c> can tell which reports belong to one run and refuse the rest.
/// </summary>
public sealed record RunSelection(IReadOnlyList<BuildSpec> Builds, Shard Shard)
{
    public static RunSelection Default { get; } = new([BuildSpec.Default], Shard.Whole);
}
