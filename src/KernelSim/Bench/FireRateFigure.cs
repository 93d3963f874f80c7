namespace Tpsim.KernelSim.Bench;

/// <summary>Fires per second of the three-probe tracepoint on one ISA: tpsim's checked, managed path and the C loop on the same engine.</summary>
public sealed record FireRateFigure(string Isa, double TpsimFiresPerSecond, double CFiresPerSecond, long InstructionsPerFire)
{
    /// <summary>
    /// tpsim's rate over the C loop's: the median of the rounds' ratios when the two alternated in rounds (a slow spell
    /// of the machine then falls on both sides of a ratio), else the ratio of the two rates. NaN when the C loop could
    /// not run the fire (see <see cref="Note"/>).
    /// </summary>
    public double Ratio => RoundRatio ?? TpsimFiresPerSecond / CFiresPerSecond;

    /// <summary>The median over rounds of tpsim's rate in a round over the C loop's in the round right after it.</summary>
    public double? RoundRatio { get; init; }

    /// <summary>Why there is no C figure, when there is none.</summary>
    public string? Note { get; init; }
}
