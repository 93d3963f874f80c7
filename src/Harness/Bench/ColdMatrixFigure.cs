namespace Tpsim.Harness.Bench;

/// <summary>The cold default matrix against its compiler processes alone, with the same per-ISA parallelism.</summary>
public sealed record ColdMatrixFigure(double MatrixSeconds, double CompileOnlySeconds, int CompilerProcesses, int Cases)
{
    public double Ratio => MatrixSeconds / CompileOnlySeconds;
}
