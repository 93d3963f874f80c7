using Tpsim.Emulator.Checking;

namespace Tpsim.Cli.Reports;

/// <summary>One-line reason for a verdict, for table rows, JUnit failures and the check summary.</summary>
public static class Evidence
{
    public static string Describe(CaseResult result)
    {
        if (result.Violations.Count > 0)
        {
            var first = result.Violations[0];
            var more = result.Violations.Count > 1 ? $" (+{result.Violations.Count - 1} more)" : "";
            var bytes = first.Kind == ViolationKind.StackPointer ? $" ({(long)(first.Actual - first.Expected):+#;-#} bytes)" : "";
            return $"call {first.Call} ({first.Callee}): {first.Kind.ToName()} {first.Register} expected {Hex.Of(first.Expected)}, got {Hex.Of(first.Actual)}{bytes}{more}";
        }
        if (result.Trap is { ExpectedType: { } expected, TargetType: { } actual } kcfi)
        {
            // The kernel's own wording: "CFI failure at <site> (target: <fn>; expected type: 0x...)".
            return $"CFI failure at {Hex.Of(kcfi.Pc)} ({kcfi.Instruction}; target: {kcfi.Target ?? "?"}; expected type: 0x{expected:x8}, target type: 0x{actual:x8})";
        }
        if (result.Trap is { } trap)
        {
            return $"{trap.Kind.ToName()} at {Hex.Of(trap.Pc)}: {trap.Instruction}";
        }
        if (result.Fault is { } fault)
        {
            var overflow = fault.StackOverflowBytes is { } used ? $"stack overflow (at least {used} of {fault.StackSize} bytes used): " : "";
            return $"{overflow}{fault.Access.ToName()} fault at {Hex.Of(fault.Address)}, pc {Hex.Of(fault.Pc)}";
        }
        return result.Verdict switch
        {
            Verdict.Timeout => "instruction budget exhausted",
            Verdict.Balanced => $"{result.CallsCompleted} calls balanced",
            _ => result.Notes.FirstOrDefault() ?? "",
        };
    }

    /// <summary>The verdict as reported, with the first violation's kind when there is one.</summary>
    public static string VerdictText(CaseResult result) =>
        result.Violations.Count > 0 ? $"{result.Verdict.ToName()} ({result.Violations[0].Kind.ToName()})"
        : result.Trap is { } trap ? $"{result.Verdict.ToName()} ({trap.Kind.ToName()})"
        : result.Verdict.ToName();
}
