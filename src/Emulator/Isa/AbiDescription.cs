using Tpsim.Emulator.Memory;

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

    /// <summary>
    /// True when the ISA stores multi-byte values most significant byte first (s390x; Unicorn 2.0.1 runs
    /// s390x and ppc64 big-endian only). Every word the harness reads or writes in guest memory (stack
    /// arguments, pushed return addresses, <c>struct tracepoint</c>, the funcs array, the probes' log)
    /// follows it, and so do the loader's relocated fields (from the object's own ELF data encoding).
    /// Init-only: <c>new AbiDescription(...) { BigEndian = true }</c>.
    /// </summary>
    public bool BigEndian { get; init; }

    /// <summary><see cref="BigEndian"/> as a <see cref="Memory.ByteOrder"/>, for <see cref="MemoryWords"/>.</summary>
    public ByteOrder ByteOrder => BigEndian ? ByteOrder.BigEndian : ByteOrder.LittleEndian;

    /// <summary>
    /// Bytes the caller reserves at its own SP, below the stack arguments, for the callee to store into:
    /// the s390x ELF ABI's 160-byte register save area (back chain, r2-r15, f0/f2/f4/f6), in which a
    /// callee saves the registers it uses; ppc64 ELFv1's 48-byte frame header and 64-byte parameter save
    /// area (112 bytes, see <see cref="CallerRangesInSaveArea"/>); 0 on every other ISA here. Stack arguments start above it
    /// (at 160(%r15) on s390x). The caller-frame check treats it as part of the callee's incoming area,
    /// because the callee owns it: with -mpacked-stack the callee stores at its top end, without it at
    /// the fixed slots of the standard layout, and either is allowed. Init-only.
    /// </summary>
    public int RegisterSaveAreaSize { get; init; }

    /// <summary>
    /// Byte ranges (offset from the callee's entry SP, length) inside <see cref="RegisterSaveAreaSize"/> that stay
    /// the caller's although the callee owns the rest of that area, so the caller-frame check covers them too.
    /// ppc64 ELFv1: the back chain at 0 and the reserved compiler and linker doublewords and the TOC save
    /// doubleword at 24..47, from which the caller reloads r2 after every call through a descriptor; the callee
    /// owns the CR and LR save words at 8..23 and the parameter save area from 48. Empty elsewhere. Init-only.
    /// </summary>
    public IReadOnlyList<(int Offset, int Length)> CallerRangesInSaveArea { get; init; } = [];

    /// <summary>
    /// The save area a caller allocates for a call that passes nothing on the stack, where that is less than
    /// <see cref="RegisterSaveAreaSize"/>: ppc64 ELFv2's 32-byte frame header, whose caller allocates the parameter
    /// save area only when some parameter goes on the stack. Null: <see cref="RegisterSaveAreaSize"/> for every call.
    /// The caller-frame check then holds a callee to everything above it (<see cref="IncomingAreaSize"/>). Init-only.
    /// </summary>
    public int? SaveAreaWithoutStackArguments { get; init; }

    /// <summary>
    /// Registers besides the stack pointer that the kernel keeps for itself, so that no generated stub may write them
    /// (<see cref="StubGrammar"/>): ppc64 r2 (the TOC) and r13 (the PACA), arm64 x18 (the platform register, the shadow
    /// call stack pointer), riscv64 gp (shadow call stack) and tp (<c>current</c>), mips64 k0 and k1 (the exception
    /// handlers' scratch) and gp (<c>current_thread_info</c>). Whether a callee must preserve them is
    /// <see cref="CalleeSavedGeneral"/>'s business; hand-written controls clobber them on purpose. Init-only.
    /// </summary>
    public IReadOnlyList<string> Reserved { get; init; } = [];

    /// <summary>
    /// Whether a two-word argument (a 64-bit value on a 32-bit ISA) starts at an even-numbered argument register and
    /// at a doubleword-aligned stack slot, as the AAPCS rules C.3 and C.12 require (arm). Init-only; false by default.
    /// </summary>
    public bool AlignsDoubleWordArguments { get; init; }

    /// <summary>
    /// Flags a callee must leave clear when it returns: the SysV ABIs of x86_64 and i386 require the direction flag
    /// clear at every call and return, and the kernel relies on it for its string instructions. Init-only; none by default.
    /// </summary>
    public IReadOnlyList<ReturnFlag> FlagsClearAtReturn { get; init; } = [];

    /// <summary>Every register the callee must preserve, general first.</summary>
    public IEnumerable<string> CalleeSaved => CalleeSavedGeneral.Concat(CalleeSavedFloat);

    /// <summary>How many of <paramref name="totalArguments"/> integer arguments go on the stack.</summary>
    public int StackArgumentCount(int totalArguments) => Math.Max(0, totalArguments - IntegerArguments.Count);

    /// <summary>
    /// Byte offset from the callee's entry SP to the caller's SP just before the call: the pushed return
    /// address on x86 (one stack slot), 0 where the return address goes to a link register.
    /// </summary>
    public int CallerStackPointerOffset => ReturnAddress == ReturnAddressLocation.Stack ? StackSlotSize : 0;

    /// <summary>
    /// Byte offset from the callee's entry SP to its first incoming stack argument: past a pushed return
    /// address (x86) and past the caller's register save area (s390x, 160).
    /// </summary>
    public int IncomingArgumentOffset => CallerStackPointerOffset + RegisterSaveAreaSize;

    /// <summary>
    /// Bytes from the callee's entry SP to the first byte of the caller's frame that the callee must not
    /// change, for a call with <paramref name="totalArguments"/> integer arguments: the return address,
    /// the register save area and the stack arguments are the callee's (ELFv2 without stack arguments: only the
    /// frame header, <see cref="SaveAreaWithoutStackArguments"/>).
    /// </summary>
    public int IncomingAreaSize(int totalArguments) =>
        StackArgumentCount(totalArguments) == 0 && SaveAreaWithoutStackArguments is { } header
            ? CallerStackPointerOffset + header
            : IncomingArgumentOffset + StackArgumentCount(totalArguments) * StackSlotSize;
}

/// <summary>One flag bit of a register that a callee must leave clear at its return.</summary>
/// <param name="Name">The flag's name in reports ("df").</param>
/// <param name="Register">The register that holds it (the ISA's register-map name, "eflags").</param>
/// <param name="Bit">Its bit number in that register.</param>
public sealed record ReturnFlag(string Name, string Register, int Bit);
