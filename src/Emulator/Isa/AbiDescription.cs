namespace Tpsim.Emulator.Isa;

/// <summary>Where a call leaves the address to return to.</summary>
public enum ReturnAddressLocation
{
    /// <summary>Pushed by the call instruction; the callee finds it at [sp] on entry (x86).</summary>
    Stack,

    /// <summary>Written to a link register by the call instruction (arm64 x30, riscv ra).</summary>
    Register,
}

/// <summary>
/// The parts of an ISA's psABI that decide whether a callee that ignores its arguments is safe:
/// argument registers, stack-argument layout, where the return address lives, and what the callee
/// must preserve, and where an integer result comes back. Names are the ABI's lower-case register names used in reports.
/// </summary>
public sealed record AbiDescription(
    string StackPointer,
    string ProgramCounter,
    IReadOnlyList<string> IntegerArguments,
    ReturnAddressLocation ReturnAddress,
    string? LinkRegister,
    IReadOnlyList<string> CalleeSavedGeneral,
    IReadOnlyList<string> CalleeSavedFloat,
    int StackAlignment,
    int StackSlotSize,
    string ReturnValue,
    string Document)
{
    /// <summary>
    /// Bytes in a pointer, a <c>long</c> and a return address pushed on the stack: 8 on the LP64 ISAs
    /// (the default), 4 on i386 (ILP32). Guest code reads and writes words of this size wherever the
    /// harness reads a stack argument or a pushed return address, or lays out <c>struct tracepoint</c>
    /// and <c>struct tracepoint_func</c>. Init-only: <c>new AbiDescription(...) { PointerSize = 4 }</c>.
    /// </summary>
    public int PointerSize { get; init; } = 8;

    /// <summary>Every register the callee must preserve, general first.</summary>
    public IEnumerable<string> CalleeSaved => CalleeSavedGeneral.Concat(CalleeSavedFloat);

    /// <summary>How many of <paramref name="totalArguments"/> integer arguments go on the stack.</summary>
    public int StackArgumentCount(int totalArguments) => Math.Max(0, totalArguments - IntegerArguments.Count);

    /// <summary>Byte offset from the callee's entry SP to its first incoming stack argument.</summary>
    public int IncomingArgumentOffset => ReturnAddress == ReturnAddressLocation.Stack ? StackSlotSize : 0;
}
