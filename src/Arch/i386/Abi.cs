using Tpsim.Emulator.Isa;

namespace Tpsim.Arch.I386;

/// <summary>
/// The 32-bit x86 kernel's own convention: the System V i386 psABI with -mregparm=3 (the first three
/// integer arguments in eax, edx, ecx, the rest in 4-byte stack slots that the caller pops) and
/// -mpreferred-stack-boundary=2 (clang: -mstack-alignment=4).
/// </summary>
internal static class Abi
{
    public static readonly AbiDescription Description = new(
        StackPointer: "esp",
        ProgramCounter: "eip",
        IntegerArguments: ["eax", "edx", "ecx"],
        ReturnAddress: ReturnAddressLocation.Stack,
        LinkRegister: null,
        CalleeSavedGeneral: ["ebx", "esi", "edi", "ebp"],
        // The kernel builds with -msoft-float and no MMX/SSE; the x87 stack is caller-saved anyway.
        CalleeSavedFloat: [],
        StackAlignment: 4,
        StackSlotSize: 4,
        ReturnValue: "eax",
        Document: "System V i386 psABI 1.1, section 2.2 (function calling sequence), with the kernel's -mregparm=3")
    {
        PointerSize = 4,
        // i386 psABI 2.2.1: the direction flag must be clear on entry to and return from a function.
        FlagsClearAtReturn = [new ReturnFlag("df", "eflags", 10)],
    };
}
