namespace Tpsim.Harness.Bench;

/// <summary>Per-case cost of one ISA, warm: medians over the same cases in tpsim and as a program on the oracle.</summary>
public sealed record PerCaseFigure(string Isa, int Cases, double TpsimMicroseconds, double OracleMicroseconds)
{
    public double Speedup => OracleMicroseconds / TpsimMicroseconds;
}
