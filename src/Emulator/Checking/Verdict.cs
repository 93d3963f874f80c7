namespace Tpsim.Emulator.Checking;

/// <summary>The outcome of running one case; the JSON/report spelling is <see cref="VerdictNames"/>.</summary>
public enum Verdict
{
    /// <summary>Every call returned with SP, callee-saved registers, return address and caller frame intact, and every probe saw its arguments.</summary>
    Balanced,

    /// <summary>A call returned, but broke the ABI; the first violating call decides.</summary>
    Unbalanced,

    /// <summary>An invalid instruction or breakpoint stopped the CPU.</summary>
    Trap,

    /// <summary>An access to unmapped or protected memory.</summary>
    Fault,

    /// <summary>The instruction budget ran out (a looping callee).</summary>
    Timeout,
}

/// <summary>Stable lower-case names of verdicts, as used on the command line, in JSON and in scenario files.</summary>
public static class VerdictNames
{
    public static string ToName(this Verdict v) => v switch
    {
        Verdict.Balanced => "balanced",
        Verdict.Unbalanced => "unbalanced",
        Verdict.Trap => "trap",
        Verdict.Fault => "fault",
        Verdict.Timeout => "timeout",
        _ => throw new ArgumentOutOfRangeException(nameof(v)),
    };

    public static bool TryParse(string name, out Verdict verdict)
    {
        foreach (var v in Enum.GetValues<Verdict>())
        {
            if (v.ToName() == name)
            {
                verdict = v;
                return true;
            }
        }
        verdict = default;
        return false;
    }
}
