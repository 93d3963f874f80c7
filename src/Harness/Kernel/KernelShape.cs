using Tpsim.Harness.Cases;

namespace Tpsim.Harness.Kernel;

/// <summary>
/// An array shape as a real kernel reaches it: <see cref="Probes"/> probes registered in order, then the removals at
/// <see cref="Removed"/> (1-based positions, in order), each with its allocation failing, so that the tree's own removal
/// code decides what the array holds. <see cref="Shape"/> is what mainline's func_remove makes of that.
/// </summary>
public sealed record KernelShape(string Name, int Probes, IReadOnlyList<int> Removed)
{
    public ArrayShape Shape { get; } = new(Name, [.. Enumerable.Range(1, Probes).Select(i => Removed.Contains(i) ? ArrayEntry.Stub : ArrayEntry.Probe)]);

    public override string ToString() => Name;
}
