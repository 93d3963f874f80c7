using Tpsim.Emulator.Checking;
using Tpsim.Emulator.Memory;

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

    /// <summary>
    /// What <paramref name="call"/> changed in its caller's frame: the words of its picture window at and above
    /// <see cref="TracedCall.CallerFrameStart"/>, then its stores beyond the window that changed memory (as stored:
    /// a store of 1, 2, 4 or 8 bytes reads as that value).
    /// </summary>
    public IEnumerable<(ulong Address, ulong Old, ulong New)> CallerFrameChanges(TracedCall call, int word, ByteOrder order)
    {
        ArgumentNullException.ThrowIfNull(call);
        foreach (var w in call.ChangedWords(word, order).Where(w => w.Address >= call.CallerFrameStart))
        {
            yield return w;
        }
        foreach (var m in Steps.Where(s => s.Call == call.Index).SelectMany(s => s.Memory))
        {
            if (m.Address >= call.CallerFrameStart && !call.InWindow(m.Address) && !m.Unchanged && m.Old.Length is 1 or 2 or 4 or 8)
            {
                yield return (m.Address, MemoryWords.GetWord(m.Old, m.Old.Length, order), MemoryWords.GetWord(m.New, m.New.Length, order));
            }
        }
    }
}
