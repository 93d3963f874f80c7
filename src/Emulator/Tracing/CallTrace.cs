using Tpsim.Emulator.Checking;

namespace Tpsim.Emulator.Tracing;

/// <summary>
/// Everything a traced run executed in the calling site and its calls, with the calls' frames. <see cref="Truncated"/>
/// says the step limit cut the recording short (a looping callee); frames and counts stay complete.
/// </summary>
public sealed record CallTrace(IReadOnlyList<TraceStep> Steps, IReadOnlyList<TracedCall> Calls, bool Truncated)
{
    /// <summary>The stack where the run stopped (SP and the words around it): the picture of a trap outside every call.</summary>
    public CallFrameState? AtEnd { get; init; }

    /// <summary>The steps of the site and of call <paramref name="call"/>, in execution order.</summary>
    public IEnumerable<TraceStep> SiteAnd(int call) => Steps.Where(s => s.Call is null || s.Call == call);

    /// <summary>The step that carries the first event (violation, trap, fault), if any.</summary>
    public TraceStep? EventStep => Steps.FirstOrDefault(s => s.Event is not null);

    /// <summary>
    /// The call to explain when none is asked for: the first violating call, else the call the trap or fault happened
    /// in, else the first call of a stub (<paramref name="isStub"/> by callee name), else call 0.
    /// </summary>
    public int DefaultCall(IReadOnlyList<Violation> violations, Func<string, bool> isStub)
    {
        ArgumentNullException.ThrowIfNull(violations);
        ArgumentNullException.ThrowIfNull(isStub);
        if (violations.Count > 0)
        {
            return violations[0].Call;
        }
        if (EventStep is { Call: { } inCall })
        {
            return inCall;
        }
        return Calls.FirstOrDefault(c => isStub(c.Callee))?.Index ?? 0;
    }
}
