using Tpsim.Emulator.Checking;

namespace Tpsim.Harness.CrossCheck;

/// <summary>What an independent executor made of one case: the verdict and, when unbalanced, which check failed at which call.</summary>
/// <param name="ExitStatus">The program's exit status, or 128 + the signal that killed it; -1 on timeout.</param>
/// <param name="CallsCompleted">Calls that passed their checks before the end (the harness writes one byte per call to stdout).</param>
public sealed record OracleResult(Verdict Verdict, ViolationKind? ViolationKind, int? Call, int? Signal, int ExitStatus, TimeSpan Elapsed, int CallsCompleted = 0)
{
    public override string ToString() =>
        Verdict.ToName() + (ViolationKind is null ? "" : $" ({ViolationKind} at call {Call})") + (Signal is null ? "" : $" (signal {Signal})")
        + (Verdict is Verdict.Trap or Verdict.Fault or Verdict.Timeout ? $" after {CallsCompleted} calls" : "");
}
