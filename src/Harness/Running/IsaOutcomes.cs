using Tpsim.Emulator.Toolchain;
using Tpsim.Emulator.Isa;

namespace Tpsim.Harness.Running;

/// <summary>The outcomes of every matrix case of one ISA, in the order the matrix lists them.</summary>
public sealed record IsaOutcomes(IsaBackend Isa, IReadOnlyList<CaseOutcome> Cases, TimeSpan Elapsed)
{
    /// <summary>Requested builds that do not apply to this ISA, each with the one-line reason.</summary>
    public IReadOnlyList<SkippedBuild> Skipped { get; init; } = [];

    /// <summary>How many cases the ISA has in the unsharded run; more than <see cref="Cases"/> in a shard.</summary>
    public int Planned { get; init; } = Cases.Count;
}

/// <summary>A build that was requested but does not apply to an ISA (pac-bti on x86_64, kcfi with gcc).</summary>
public sealed record SkippedBuild(string Arch, BuildSpec Build, string Reason);
