namespace Tpsim.Emulator.Checking;

/// <summary>What running one case produced: the verdict and the evidence behind it.</summary>
public sealed record CaseResult(
    Verdict Verdict,
    IReadOnlyList<Violation> Violations,
    TrapInfo? Trap,
    FaultInfo? Fault,
    int CallsCompleted,
    IReadOnlyList<string> Notes);
