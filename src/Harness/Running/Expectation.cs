using Tpsim.Emulator.Checking;
using Tpsim.Harness.Cases;

namespace Tpsim.Harness.Running;

/// <summary>Whether a result is the one a case expects.</summary>
public static class Expectation
{
    /// <summary>
    /// The verdict must match, and when the case names a violation kind, the first violating call must
    /// show that kind: a control that fails for a different reason proves nothing about the check it targets.
    /// </summary>
    public static bool IsMet(StubCase stubCase, CaseResult result)
    {
        if (result.Verdict != stubCase.Expected)
        {
            return false;
        }
        if (stubCase.ExpectedTrapKind is { } trapKind && result.Trap?.Kind != trapKind)
        {
            return false;
        }
        if (stubCase.ExpectedViolation is not { } kind)
        {
            return true;
        }
        if (result.Violations.Count == 0)
        {
            return false;
        }
        var firstCall = result.Violations[0].Call;
        return result.Violations.Any(v => v.Call == firstCall && v.Kind == kind);
    }

    /// <summary>"unbalanced (stack-pointer)" or just the verdict name.</summary>
    public static string Describe(StubCase stubCase) =>
        (stubCase.ExpectedViolation?.ToName() ?? stubCase.ExpectedTrapKind?.ToName()) is { } kind ? $"{stubCase.Expected.ToName()} ({kind})" : stubCase.Expected.ToName();
}
