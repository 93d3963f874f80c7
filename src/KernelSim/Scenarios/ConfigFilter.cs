namespace Tpsim.KernelSim.Scenarios;

/// <summary>
/// The build configs a <c>when</c> clause names: a line runs when the build's config is among
/// <paramref name="Include"/> (or it is empty) and not among <paramref name="Exclude"/>.
/// </summary>
public sealed record ConfigFilter(IReadOnlySet<string> Include, IReadOnlySet<string> Exclude)
{
    public bool Allows(string config) => (Include.Count == 0 || Include.Contains(config)) && !Exclude.Contains(config);
}
