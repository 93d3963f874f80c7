using Tpsim.Emulator.Checking;

namespace Tpsim.Emulator.Tracing;

/// <summary>What ended or broke the run at a step: the first violation, a trap or a fault (one of them).</summary>
public sealed record TraceEvent(Violation? Violation, TrapInfo? Trap, FaultInfo? Fault)
{
    public static TraceEvent Of(Violation v) => new(v, null, null);

    public static TraceEvent Of(TrapInfo t) => new(null, t, null);

    public static TraceEvent Of(FaultInfo f) => new(null, null, f);
}
