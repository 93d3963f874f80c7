namespace Tpsim.KernelSim.Scenarios;

/// <summary>A <c>MODULE.PROBE</c> reference in a scenario.</summary>
public sealed record ProbeRef(string Module, string Probe)
{
    public override string ToString() => $"{Module}.{Probe}";
}
