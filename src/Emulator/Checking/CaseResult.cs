namespace Tpsim.Emulator.Checking;

/// <summary>What running one case produced: the verdict and the evidence behind it.</summary>
public sealed record CaseResult(
    Verdict Verdict,
    IReadOnlyList<Violation> Violations,
    TrapInfo? Trap,
    FaultInfo? Fault,
    int CallsCompleted,
    IReadOnlyList<string> Notes)
{
    /// <summary><see cref="TrapInfo.Pc"/> as <see cref="CodePlaces"/> names it (<c>tp_stub_func+0x4</c>), when the runner knows the code.</summary>
    public string? TrapPcSymbol { get; init; }

    /// <summary><see cref="FaultInfo.Address"/> as <see cref="CodePlaces"/> names it: symbol+offset inside code, else hex.</summary>
    public string? FaultAddressSymbol { get; init; }
}
