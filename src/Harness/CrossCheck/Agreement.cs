using Tpsim.Emulator.Checking;
using Tpsim.Harness.Cases;

namespace Tpsim.Harness.CrossCheck;

/// <summary>
/// Whether tpsim and an independent executor agree on a case: the same verdict and, when unbalanced, the same
/// first violation kind at the same call (and the same register, for callee-saved), or the same trap, fault or loop
/// after as many completed calls, a trap of the same kind at the same symbol+offset, a fault at the same address.
/// Where an ISA's harness cannot report a field (<see cref="Emulator.Isa.OracleTarget"/>), that field is not compared. A
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
        var target = c.Isa.Oracle;
        // Only a callee-saved violation has a register the harness can name; SP and pc are implied by their kinds,
        // and a caller-frame address or a probe's argument is not reported.
        if (first?.Kind == ViolationKind.CalleeSaved && target.ReportsCalleeSavedRegisters && first.Register != oracle.Register)
        {
            return Differs("register", first.Register, oracle.Register);
        }
        // A trap, fault or loop must happen at the same point: after as many calls that passed their checks.
        if (tpsim.Verdict is Verdict.Trap or Verdict.Fault or Verdict.Timeout && tpsim.CallsCompleted != oracle.CallsCompleted)
        {
            return $"both say {tpsim.Verdict.ToName()}, but tpsim after {tpsim.CallsCompleted} calls, the oracle after {oracle.CallsCompleted}";
        }
        if (tpsim.Trap is { } trap && Signalled(trap) != oracle.TrapKind)
        {
            return Differs("trap kind", $"{trap.Kind.ToName()} (signalled as {Signalled(trap).ToName()})", oracle.TrapKind?.ToName());
        }
        // The pc and the address come from the harness's signal handler, which only some ISAs' harnesses install.
        if (target.ContextPcOffset is not null)
        {
            if (tpsim.Trap is not null && tpsim.TrapPcSymbol != oracle.TrapPcSymbol)
            {
                return Differs("trap pc", tpsim.TrapPcSymbol, oracle.TrapPcSymbol);
            }
            if (tpsim.Fault is { } fault && target.FaultAddressMask != ulong.MaxValue)
            {
                // Only the page is reported (s390x): the pages are compared, in hex.
                var (page, reported) = (fault.Address & target.FaultAddressMask, oracle.FaultAddress & target.FaultAddressMask);
                if (page != reported)
                {
                    return Differs("fault address page", $"0x{page:x}", reported is { } r ? $"0x{r:x}" : null);
                }
            }
            else if (tpsim.Fault is not null && tpsim.FaultAddressSymbol != oracle.FaultAddressSymbol)
            {
                return Differs("fault address", tpsim.FaultAddressSymbol, oracle.FaultAddressSymbol);
            }
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

    /// <summary>
    /// What a trap looks like to a process: SIGTRAP for a breakpoint instruction, SIGILL for any other (an invalid
    /// instruction, the ud2 of an x86 kCFI check, an arm64 BTI exception at an ordinary instruction). kcfi and bti
    /// are told apart from a plain trap by where they happen (the trap pc), not by the signal.
    /// </summary>
    public static TrapKind Signalled(TrapInfo trap)
    {
        ArgumentNullException.ThrowIfNull(trap);
        return trap.InstructionKind == TrapKind.Breakpoint ? TrapKind.Breakpoint : TrapKind.InvalidInstruction;
    }

    private static string Differs(string field, string? tpsim, string? oracle) =>
        $"{field}: tpsim {tpsim ?? "none"}, the oracle {oracle ?? "reported none"}";

    public static string Describe(CaseResult r) =>
        r.Verdict.ToName() + (r.Violations.Count > 0 ? $" ({r.Violations[0].Kind.ToName()}{(r.Violations[0].Kind == ViolationKind.CalleeSaved ? $" {r.Violations[0].Register}" : "")} at call {r.Violations[0].Call})" : "")
        + (r.TrapPcSymbol is null ? "" : $" at {r.TrapPcSymbol}") + (r.FaultAddressSymbol is null ? "" : $" at address {r.FaultAddressSymbol}")
        + (r.Verdict is Verdict.Trap or Verdict.Fault or Verdict.Timeout ? $" after {r.CallsCompleted} calls" : "");

    public static string Predicted(StubCase c) =>
        c.Expected.ToName() + (c.ExpectedViolation is null ? "" : $" ({c.ExpectedViolation?.ToName()} at call {c.ExpectedCall})");
}
