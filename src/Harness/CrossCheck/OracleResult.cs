using Tpsim.Emulator.Checking;

namespace Tpsim.Harness.CrossCheck;

/// <summary>What an independent executor made of one case: the verdict and, when unbalanced, which check failed at which call.</summary>
/// <param name="ExitStatus">The program's exit status, or 128 + the signal that killed it; -1 on timeout.</param>
/// <param name="CallsCompleted">Calls that passed their checks before the end (the harness writes one byte per call to stdout).</param>
public sealed record OracleResult(Verdict Verdict, ViolationKind? ViolationKind, int? Call, int? Signal, int ExitStatus, TimeSpan Elapsed, int CallsCompleted = 0)
{
    /// <summary>For a failed callee-saved check, the first register in ABI order that changed (from the harness's R_SAVED report).</summary>
    public string? Register { get; init; }

    /// <summary>For a trap, what its signal tells: <see cref="TrapKind.Breakpoint"/> for SIGTRAP, <see cref="TrapKind.InvalidInstruction"/> for SIGILL.</summary>
    public TrapKind? TrapKind { get; init; }

    /// <summary>For a trap the harness's signal handler saw: the trapping instruction's address in the linked program, and as symbol+offset.</summary>
    public ulong? TrapPc { get; init; }

    public string? TrapPcSymbol { get; init; }

    /// <summary>For a fault the handler saw: si_addr, and as symbol+offset (hex outside code).</summary>
    public ulong? FaultAddress { get; init; }

    public string? FaultAddressSymbol { get; init; }

    public override string ToString() =>
        Verdict.ToName() + (ViolationKind is null ? "" : $" ({ViolationKind.Value.ToName()}{(Register is null ? "" : $" {Register}")} at call {Call})")
        + (Signal is null ? "" : $" (signal {Signal})")
        + (TrapPcSymbol is null ? "" : $" at {TrapPcSymbol}") + (FaultAddressSymbol is null ? "" : $" at address {FaultAddressSymbol}")
        + (Verdict is Verdict.Trap or Verdict.Fault or Verdict.Timeout ? $" after {CallsCompleted} calls" : "");
}
