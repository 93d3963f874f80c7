using Tpsim.Emulator.Checking;
namespace Tpsim.Emulator.Checking;

/// <summary>How one <see cref="CheckedRun"/> of guest code ended.</summary>
/// <param name="Verdict">With a call monitor, the verdict of the checked calls; without one, <c>balanced</c> means the code returned normally.</param>
/// <param name="ReturnValue">The ABI return register when the code returned.</param>
/// <param name="Instructions">Instructions executed, when the run counts them (<see cref="CheckedRun.CountsInstructions"/>); null otherwise.</param>
public sealed record RunOutcome(
    Verdict Verdict,
    ulong ReturnValue,
    TrapInfo? Trap,
    FaultInfo? Fault,
    long? Instructions,
    IReadOnlyList<Violation> Violations,
    IReadOnlyList<string> Notes)
{
    /// <summary>Calls the monitor saw return correctly (0 without a monitor).</summary>
    public int CallsCompleted { get; init; }

    /// <summary>The return value as a C <c>int</c>: only the low 32 bits are defined on every ISA.</summary>
    public int IntResult => unchecked((int)(uint)ReturnValue);
}
