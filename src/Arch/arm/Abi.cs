using Tpsim.Emulator.Isa;

namespace Tpsim.Arch.Arm;

/// <summary>
/// 32-bit Arm as an ARMv7-A kernel uses it: the AAPCS (-mabi=aapcs-linux), integer arguments in r0-r3,
/// the rest in 4-byte stack slots the caller pops, return address in lr (r14), result in r0.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><b>r9</b> is callee-saved. The AAPCS leaves it to the platform (static base, TLS or v6); Linux
/// uses it as the plain callee-saved variable register v6. Neither clang nor GCC reserves it for
/// arm-linux-gnueabi, and the kernel's own assembly saves it as callee-saved. So the checked set is r4-r11,
/// r11 being the ARM-state frame pointer and r7 the Thumb-2 one, both callee-saved anyway.</item>
/// <item><b>No floating-point registers.</b> The AAPCS makes d8-d15 (s16-s31) callee-saved when VFP is in
/// use, but the kernel is built with -msoft-float (-mfloat-abi=soft): kernel C never touches VFP, so
/// there is no callee-saved FP register to check, as on i386.</item>
/// <item><b>Stack alignment</b> is 8 bytes at every public interface (AAPCS32, "Stack constraints at a
/// public interface"; AAPCS-linux keeps it); stack arguments are 4-byte words, with a 64-bit argument 8-byte aligned (not used
/// here: every argument is a long).</item>
/// <item><b>The Thumb bit.</b> Every code address the ABI hands around (a function pointer, lr after a call
/// from Thumb code, a Thumb function's ELF symbol) carries the instruction set in bit 0: 1 for Thumb,
/// 0 for ARM. <c>blx</c>/<c>bx</c> and a load into pc switch state on it. The CPU itself fetches from the
/// even address, so that is where Unicorn runs code hooks and what pc reads back.</item>
/// </list>
/// </remarks>
internal static class Abi
{
    public static readonly AbiDescription Description = new(
        StackPointer: "sp",
        ProgramCounter: "pc",
        IntegerArguments: ["r0", "r1", "r2", "r3"],
        ReturnAddress: ReturnAddressLocation.Register,
        LinkRegister: "lr",
        CalleeSavedGeneral: ["r4", "r5", "r6", "r7", "r8", "r9", "r10", "r11"],
        // -msoft-float: the kernel never uses VFP, so d8-d15 are not part of its calling convention.
        CalleeSavedFloat: [],
        StackAlignment: 8,
        StackSlotSize: 4,
        ReturnValue: "r0",
        Document: "Procedure Call Standard for the Arm Architecture (AAPCS32): core registers, the stack, parameter passing; as -mabi=aapcs-linux")
    {
        PointerSize = 4,
        AlignsDoubleWordArguments = true,
    };
}
