using Tpsim.Emulator.Checking;
using Tpsim.Emulator.Tracing;

namespace Tpsim.Harness.Cases;

/// <summary>A case run instruction by instruction: its verdict, the trace, and the call the explanation is about.</summary>
public sealed record CaseExplanation(StubCase Case, CaseResult Result, CallTrace Trace, int Call)
{
    /// <summary>The traced call explained, or null when the site never made it (a trap before it).</summary>
    public TracedCall? Traced => Call < Trace.Calls.Count ? Trace.Calls[Call] : null;
}
