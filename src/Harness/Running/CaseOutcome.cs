using Tpsim.Emulator.Checking;
using Tpsim.Harness.Cases;

namespace Tpsim.Harness.Running;

/// <summary>A case, what running it produced, and whether that is what the case expects.</summary>
public sealed record CaseOutcome(StubCase Case, CaseResult Result, TimeSpan Elapsed)
{
    /// <summary>The command lines that built the case's probes, site and stub.</summary>
    public IReadOnlyList<string> Commands { get; init; } = [];

    /// <summary>What the independent executor made of the case, when it ran.</summary>
    public Harness.CrossCheck.OracleResult? Oracle { get; init; }

    /// <summary>How tpsim, the oracle and (for a generated case) the prediction disagree, or null.</summary>
    public string? Disagreement { get; init; }

    public bool Ok { get; } = Expectation.IsMet(Case, Result);

    /// <summary>Negative controls must fail to prove the checker can; they are reported one per row.</summary>
    public bool IsControl => Case.Expected != Verdict.Balanced;
}
