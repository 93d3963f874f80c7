namespace Tpsim.Emulator.Isa;

/// <summary>
/// How an ISA spells each behaviour a generated stub can have, as assembly templates in which
/// <c>{reg}</c>, <c>{imm}</c> (1..0x7fff, an immediate every ISA here can load in one instruction) and
/// <c>{n}</c> (a byte count) are replaced. The case generator composes a body from these; whether the body
/// is legal is the generator's own rule, stated once for every ISA, so the templates only have to do what
/// their names say. Each ISA's <c>StubGrammar.cs</c> fills one in.
/// </summary>
/// <param name="Header">Everything before the first instruction, ending in the <c>tp_stub_func</c> code label.</param>
/// <param name="Footer">Everything after the last instruction.</param>
/// <param name="Scratch">Caller-saved registers a stub may overwrite (no argument the site still needs after the call, by the ABI).</param>
/// <param name="Preserved">Callee-saved general registers: saved and restored (legal) or clobbered (illegal).</param>
/// <param name="Set">Loads <c>{imm}</c> into <c>{reg}</c>.</param>
/// <param name="SaveModifyRestore">Saves <c>{reg}</c> on the stack, loads <c>{imm}</c> into it, restores it; SP ends where it began.</param>
/// <param name="WriteOwnArgument">Stores <c>{imm}</c> into the first word of the callee's own incoming area (a stack argument, or the save area the caller reserves for it).</param>
/// <param name="WriteCallerFrame">Stores <c>{imm}</c> at entry SP + <see cref="CallerFrameOffset"/>, inside the caller's frame.</param>
/// <param name="Return">The plain return.</param>
/// <param name="ReturnMovingStackPointer">A return that leaves SP <c>{n}</c> bytes higher than it was at entry.</param>
/// <param name="Loop">Spins forever.</param>
/// <param name="Trap">A trapping instruction.</param>
public sealed record StubGrammar(
    string Header,
    string Footer,
    IReadOnlyList<string> Scratch,
    IReadOnlyList<string> Preserved,
    string Set,
    string SaveModifyRestore,
    string WriteOwnArgument,
    string WriteCallerFrame,
    string Return,
    string ReturnMovingStackPointer,
    string Loop,
    string Trap)
{
    /// <summary>
    /// Bytes above the entry SP where <see cref="WriteCallerFrame"/> stores: past the largest incoming area of any
    /// generated prototype on any ISA (s390x: 160 + 12 stack words), and inside the 512 bytes the oracle harnesses snapshot.
    /// </summary>
    public const int CallerFrameOffset = 0x118;

    /// <summary>
    /// True when the callee owns an incoming area whatever the prototype (the s390x register save area, the ppc64
    /// ELFv1 parameter save area), so <see cref="WriteOwnArgument"/> is legal even without stack arguments.
    /// Init-only.
    /// </summary>
    public bool OwnsIncomingAreaAlways { get; init; }

    /// <summary>Byte count for <see cref="ReturnMovingStackPointer"/>: one that keeps SP aligned as the ISA's loads require. Init-only.</summary>
    public int StackMove { get; init; } = 16;
}
