namespace Tpsim.Emulator.Checking;

/// <summary>One broken ABI promise, seen at the return of one call.</summary>
/// <param name="Kind">"stack-pointer", "callee-saved", "return-address", "caller-frame" or "argument".</param>
/// <param name="Register">ABI register name, argument name ("data", "a3"), or a frame address for caller-frame.</param>
/// <param name="Call">Zero-based index of the call (array entry) that broke it.</param>
/// <param name="Callee">Symbol of the callee.</param>
public sealed record Violation(string Kind, string Register, ulong Expected, ulong Actual, int Call, string Callee)
{
    public override string ToString() =>
        $"call {Call} ({Callee}): {Kind} {Register}: expected 0x{Expected:x}, got 0x{Actual:x}";
}

/// <summary>Stable violation kind names (a JSON contract).</summary>
public static class ViolationKinds
{
    public const string StackPointer = "stack-pointer";
    public const string CalleeSaved = "callee-saved";
    public const string ReturnAddress = "return-address";
    public const string CallerFrame = "caller-frame";
    public const string Argument = "argument";

    /// <summary>The site returned normally but made fewer calls than the array has entries: a call went unchecked.</summary>
    public const string MissingCall = "missing-call";
}

/// <summary>An unmapped or protected access.</summary>
/// <param name="Access">"fetch", "read" or "write".</param>
public sealed record FaultInfo(string Access, ulong Address, ulong Pc);
