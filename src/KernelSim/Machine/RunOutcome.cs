using Tpsim.Emulator.Checking;

namespace Tpsim.KernelSim.Machine;

/// <summary>How one run of emulated kernel or module code ended.</summary>
/// <param name="Verdict">For a fire, the verdict of its calls; for init/exit, <c>balanced</c> means it returned normally.</param>
/// <param name="ReturnValue">The ABI return register when the code returned.</param>
/// <param name="Instructions">Instructions executed, when the machine counts them (see <see cref="KernelMachine.CountsInstructions"/>); null otherwise.</param>
public sealed record RunOutcome(
    Verdict Verdict,
    ulong ReturnValue,
    TrapInfo? Trap,
    FaultInfo? Fault,
    long? Instructions,
    IReadOnlyList<Violation> Violations,
    IReadOnlyList<string> Notes)
{
    /// <summary>The return value as a C <c>int</c>: only the low 32 bits are defined on every ISA.</summary>
    public int IntResult => unchecked((int)(uint)ReturnValue);
}

/// <summary>What a fire did: how it ended and which array entries the iterator called, in order.</summary>
/// <param name="Calls">Callees entered from the iterator, named as in <c>expect array</c> (MODULE.PROBE or stub).</param>
public sealed record FireOutcome(RunOutcome Run, IReadOnlyList<string> Calls);
