using Tpsim.Emulator.Checking;
using Tpsim.Harness.Cases;

namespace Tpsim.Harness.Running;

/// <summary>A case, what running it produced, and whether that is what the case expects.</summary>
public sealed record CaseOutcome(StubCase Case, CaseResult Result, TimeSpan Elapsed)
{
    /// <summary>The fire instruction by instruction, when the runner recorded it (a real-kernel case that did not end balanced).</summary>
    public Emulator.Tracing.CallTrace? Trace { get; init; }

    /// <summary>The call of <see cref="Trace"/> a report explains.</summary>
    public int ExplainedCall { get; init; }

    /// <summary>The command lines that built the case's probes, site and stub.</summary>
    public IReadOnlyList<string> Commands { get; init; } = [];

    /// <summary>The case's place in the unsharded run's list (every ISA, build and case in run order); see <see cref="Shard"/>.</summary>
    public int Position { get; init; }

    /// <summary>What the independent executor made of the case, when it ran.</summary>
    public Harness.CrossCheck.OracleResult? Oracle { get; init; }

    /// <summary>How tpsim, the oracle and (for a generated case) the prediction disagree, or null.</summary>
    public string? Disagreement { get; init; }

    /// <summary>The expectation is met; a real-kernel case whose array the kernel did not build as planned is not.</summary>
    public bool Ok { get; init; } = Expectation.IsMet(Case, Result);

    /// <summary>
    /// Negative controls must fail to prove the checker can; they are reported one per row. A stub whose expected
    /// verdict is not balanced (a kcfi trap) is not a control: its rows fold like the balanced ones.
    /// </summary>
    public bool IsControl => Case.Stub.Name.StartsWith(ControlPrefix, StringComparison.Ordinal) || (Case.Generated is null && Case.Expected != Verdict.Balanced && Case.ExpectedTrapKind is null);

    /// <summary>How a control's stub is named: <c>control:NAME</c>.</summary>
    public const string ControlPrefix = "control:";
}
