using Tpsim.Emulator.Isa;

namespace Tpsim.Arch.X86_64;

/// <summary>System V AMD64 psABI as the kernel uses it (no red zone, kernel code model).</summary>
internal static class Abi
{
    public static readonly AbiDescription Description = new(
        StackPointer: "rsp",
        ProgramCounter: "rip",
        IntegerArguments: ["rdi", "rsi", "rdx", "rcx", "r8", "r9"],
        ReturnAddress: ReturnAddressLocation.Stack,
        LinkRegister: null,
        CalleeSavedGeneral: ["rbx", "rbp", "r12", "r13", "r14", "r15"],
        // No SSE register is callee-saved in SysV, and the kernel builds with -mno-sse anyway.
        CalleeSavedFloat: [],
        StackAlignment: 16,
        StackSlotSize: 8,
        ReturnValue: "rax",
        Document: "System V AMD64 psABI 1.0, section 3.2 (function calling sequence)")
    {
        // psABI 3.2.1: "The direction flag DF in the %rFLAGS register must be clear (set to forward direction) on
        // function entry and return."
        FlagsClearAtReturn = [new ReturnFlag("df", "eflags", 10)],
    };
}
