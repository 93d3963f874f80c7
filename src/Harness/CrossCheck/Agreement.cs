using Tpsim.Emulator.Checking;
using Tpsim.Harness.Cases;

namespace Tpsim.Harness.CrossCheck;

/// <summary>
/// Whether tpsim and an independent executor agree on a case: the same verdict and, when unbalanced, the same
/// first violation kind at the same call, or the same trap, fault or loop after as many completed calls. A
/// generated case must also meet its prediction (verdict, kind, call),
/// so a rule of the generator that both executors break together still shows.
/// </summary>
public static class Agreement
{
    /// <summary>Why <paramref name="c"/> is outside what its ISA's executor can reproduce (<see cref="Emulator.Isa.OracleTarget.Limits"/>), or null.</summary>
    public static string? Limit(StubCase c)
    {
        ArgumentNullException.ThrowIfNull(c);
        const string prefix = "control:";
        return c.Stub.Name.StartsWith(prefix, StringComparison.Ordinal) ? c.Isa.Oracle.Limit(c.Stub.Name[prefix.Length..]) : null;
    }

    /// <summary>Null when they agree; otherwise what differs, in one line.</summary>
    public static string? Disagreement(StubCase c, CaseResult tpsim, OracleResult oracle)
    {
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(tpsim);
        ArgumentNullException.ThrowIfNull(oracle);
        var first = tpsim.Violations.Count > 0 ? tpsim.Violations[0] : null;
        if (tpsim.Verdict != oracle.Verdict)
        {
            return $"tpsim says {Describe(tpsim)}, the oracle {oracle}";
        }
        if (tpsim.Verdict == Verdict.Unbalanced && (first?.Kind != oracle.ViolationKind || first?.Call != oracle.Call))
        {
            return $"both unbalanced, but tpsim names {first?.Kind.ToName()} at call {first?.Call}, the oracle {oracle.ViolationKind?.ToName()} at call {oracle.Call}";
        }
        // A trap, fault or loop must happen at the same point: after as many calls that passed their checks.
        if (tpsim.Verdict is Verdict.Trap or Verdict.Fault or Verdict.Timeout && tpsim.CallsCompleted != oracle.CallsCompleted)
        {
            return $"both say {tpsim.Verdict.ToName()}, but tpsim after {tpsim.CallsCompleted} calls, the oracle after {oracle.CallsCompleted}";
        }
        if (c.Generated is not null)
        {
            if (tpsim.Verdict != c.Expected)
            {
                return $"both say {tpsim.Verdict.ToName()}, the generator predicted {Predicted(c)}";
            }
            if (c.Expected == Verdict.Unbalanced && (first?.Kind != c.ExpectedViolation || first?.Call != c.ExpectedCall))
            {
                return $"both name {first?.Kind.ToName()} at call {first?.Call}, the generator predicted {Predicted(c)}";
            }
        }
        return null;
    }

    public static string Describe(CaseResult r) =>
        r.Verdict.ToName() + (r.Violations.Count > 0 ? $" ({r.Violations[0].Kind.ToName()} at call {r.Violations[0].Call})" : "")
        + (r.Verdict is Verdict.Trap or Verdict.Fault or Verdict.Timeout ? $" after {r.CallsCompleted} calls" : "");

    public static string Predicted(StubCase c) =>
        c.Expected.ToName() + (c.ExpectedViolation is null ? "" : $" ({c.ExpectedViolation?.ToName()} at call {c.ExpectedCall})");
}
