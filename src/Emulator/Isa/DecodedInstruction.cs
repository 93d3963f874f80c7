using Tpsim.Emulator.Checking;

namespace Tpsim.Emulator.Isa;

/// <summary>An instruction as an ISA's trap decoder reads it: its text for reports, and the trap kind when executing it stops the CPU.</summary>
/// <param name="Trap">Null for an instruction that does not trap (then <paramref name="Text"/> is its bytes).</param>
public readonly record struct DecodedInstruction(string Text, TrapKind? Trap)
{
    /// <summary>Not a trap: shown by its bytes.</summary>
    public static DecodedInstruction Other(string text) => new(text, null);

    public static DecodedInstruction Invalid(string text) => new(text, TrapKind.InvalidInstruction);

    public static DecodedInstruction Breakpoint(string text) => new(text, TrapKind.Breakpoint);
}
