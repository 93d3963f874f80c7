namespace Tpsim.Cli.Running.Bench;

/// <summary>Per-case cost of one ISA, warm: medians over the same cases in tpsim and as a program on the oracle.</summary>
public sealed record PerCaseFigure(string Isa, int Cases, double TpsimMicroseconds, double OracleMicroseconds)
{
    public double Speedup => OracleMicroseconds / TpsimMicroseconds;
}

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

/// <summary>The cold default matrix against its compiler processes alone, with the same per-ISA parallelism.</summary>
public sealed record ColdMatrixFigure(double MatrixSeconds, double CompileOnlySeconds, int CompilerProcesses, int Cases)
{
    public double Ratio => MatrixSeconds / CompileOnlySeconds;
}

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
    DateTime Date);

internal static class Stats
{
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return double.NaN;
        }
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
