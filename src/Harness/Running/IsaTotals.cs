namespace Tpsim.Harness.Running;

/// <summary>Counts of one ISA's cases.</summary>
public sealed record IsaTotals(string Isa, int Total, int Ok)
{
    public int Failed => Total - Ok;
}
