namespace Tpsim.Emulator.Checking;

/// <summary>One broken ABI promise, seen at the return of one call.</summary>
/// <param name="Kind">Which promise; <see cref="KindNames.ToName(ViolationKind)"/> spells it.</param>
/// <param name="Register">ABI register name, argument name ("data", "a3"), or a frame address for caller-frame.</param>
/// <param name="Call">Zero-based index of the call (array entry) that broke it.</param>
/// <param name="Callee">Symbol of the callee.</param>
public sealed record Violation(ViolationKind Kind, string Register, ulong Expected, ulong Actual, int Call, string Callee)
{
    public override string ToString() =>
        $"call {Call} ({Callee}): {Kind.ToName()} {Register}: expected 0x{Expected:x}, got 0x{Actual:x}";
}

/// <summary>An unmapped or protected access.</summary>
public sealed record FaultInfo(FaultAccess Access, ulong Address, ulong Pc)
{
    /// <summary>For an access in the guard below the stack: the stack overflowed, having used this many bytes of it at least.</summary>
    public ulong? StackOverflowBytes { get; init; }

    /// <summary>The size of the stack that overflowed (the kernel's THREAD_SIZE), with <see cref="StackOverflowBytes"/>.</summary>
    public ulong? StackSize { get; init; }
}
