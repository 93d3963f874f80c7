namespace Tpsim.Emulator.Checking;

/// <summary>The outcome of running one case; the JSON/report spelling is <see cref="KindNames.ToName(Verdict)"/>.</summary>
public enum Verdict
{
    /// <summary>Every call returned with SP, callee-saved registers, return address and caller frame intact, and every probe saw its arguments.</summary>
    [Spelling("balanced")]
    Balanced,

    /// <summary>A call returned, but broke the ABI; the first violating call decides.</summary>
    [Spelling("unbalanced")]
    Unbalanced,

    /// <summary>An invalid instruction or breakpoint stopped the CPU.</summary>
    [Spelling("trap")]
    Trap,

    /// <summary>An access to unmapped or protected memory.</summary>
    [Spelling("fault")]
    Fault,

    /// <summary>The instruction budget ran out (a looping callee).</summary>
    [Spelling("timeout")]
    Timeout,
}
