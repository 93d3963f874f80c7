using Tpsim.Emulator.Checking;

namespace Tpsim.KernelSim.CrossCheck;

/// <summary>What an independent executor made of one case: the verdict and, when unbalanced, which check failed at which call.</summary>
/// <param name="ExitStatus">The program's exit status, or 128 + the signal that killed it; -1 on timeout.</param>
public sealed record OracleResult(Verdict Verdict, string? ViolationKind, int? Call, int? Signal, int ExitStatus, TimeSpan Elapsed)
{
    public override string ToString() =>
        Verdict.ToName() + (ViolationKind is null ? "" : $" ({ViolationKind} at call {Call})") + (Signal is null ? "" : $" (signal {Signal})");
}
