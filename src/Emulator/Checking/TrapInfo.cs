namespace Tpsim.Emulator.Checking;

/// <summary>Where and on what instruction a trap stopped the CPU.</summary>
/// <param name="Kind">
/// What the ISA decoded; <see cref="TrapKind.Kcfi"/> when the trap is the failure branch of a Clang
/// <c>-fsanitize=kcfi</c> check (then <see cref="ExpectedType"/>, <see cref="TargetType"/> and
/// <see cref="TargetAddress"/> are set).
/// </param>
/// <param name="Pc">Address of the trapping instruction.</param>
/// <param name="Instruction">The trapping instruction as decoded for the report ("ud2", "brk #0x8228", "c.ebreak").</param>
public sealed record TrapInfo(TrapKind Kind, ulong Pc, string Instruction)
{
    /// <summary>
    /// What the trapping instruction is by itself (a kCFI trap's ud2 or brk), or null for an instruction that does not
    /// trap by itself (a BTI exception): what a signal can tell, SIGTRAP for a breakpoint, SIGILL for the rest.
    /// </summary>
    public TrapKind? InstructionKind { get; init; }

    /// <summary>For a kCFI trap: the type hash the call site checks for, decoded from its check sequence.</summary>
    public uint? ExpectedType { get; init; }

    /// <summary>For a kCFI trap: the 32-bit word the check read in front of the call target.</summary>
    public uint? TargetType { get; init; }

    /// <summary>For a kCFI trap: the address the call site was about to call.</summary>
    public ulong? TargetAddress { get; init; }

    /// <summary>For a kCFI trap: the symbol at <see cref="TargetAddress"/> when the caller could name it, else null.</summary>
    public string? Target { get; init; }
}

/// <summary>What a <see cref="CheckedRun.TrapHandler"/> made of a trap: resume at an address, or end the run with <see cref="Trap"/>.</summary>
public sealed record TrapResolution(ulong? ResumeAt, TrapInfo? Trap)
{
    public static TrapResolution Resume(ulong address) => new(address, null);

    public static TrapResolution Replace(TrapInfo trap) => new(null, trap);
}
