using Tpsim.Harness.Bench;
using Tpsim.KernelSim.Bench;

namespace Tpsim.Cli.Bench;

/// <summary>The full grid (every compiler and config) in a child process, and that process's peak resident memory.</summary>
public sealed record GridMemoryFigure(double PeakMemoryMB, double Seconds, string Command);

/// <summary>Everything <c>tpsim bench</c> measured, in one run on one machine.</summary>
public sealed record BenchResult(
    IReadOnlyList<PerCaseFigure> PerCase,
    double PerCaseSpeedup,
    IReadOnlyList<FireRateFigure> FireRates,
    ColdMatrixFigure ColdMatrix,
    GridMemoryFigure GridMemory,
    int ProcessorCount,
    DateTime Date)
{
    /// <summary>The real-kernel section: cold builds per ISA, the second cold run, the warm seed.</summary>
    public KernelFigure? Kernel { get; init; }
}
