using Tpsim.Emulator.Checking;
using Tpsim.Emulator.Isa;

namespace Tpsim.KernelSim.Proof;

/// <summary>The cases of <c>tpsim matrix</c>: stubs in every array position for 0..12 arguments, plus negative controls.</summary>
public static class StubMatrix
{
    public const int MaxArgs = 12;

    public static IReadOnlyList<StubCase> Build(IsaBackend isa) => throw new NotImplementedException("in progress");

    /// <summary>A user's stub in a [probe, stub, probe] array, as <c>tpsim check</c> runs it.</summary>
    public static StubCase UserCase(IsaBackend isa, StubSource stub, int args, SiteKind site) =>
        new($"{isa.Name}/user/{stub.Name}/{site.ToString().ToLowerInvariant()}/args{args}", isa, args,
            new ArrayShape("probe-stub-probe", [ArrayEntry.Probe, ArrayEntry.Stub, ArrayEntry.Probe]),
            site, stub, Verdict.Balanced, null);
}
