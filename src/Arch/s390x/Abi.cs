using Tpsim.Emulator.Isa;

namespace Tpsim.Arch.S390x;

/// <summary>
/// The s390x ELF ABI (zSeries ELF Application Binary Interface Supplement, "Function Calling
/// Sequence") as the kernel uses it: integer arguments in r2-r6, the rest in 8-byte slots at 160(%r15)
/// in the caller's frame, above the 160-byte register save area the caller allocates and the callee
/// may store into; r6-r13, r15 (the stack pointer) and f8-f15 preserved by the callee (r6 is both an
/// argument register and callee-saved); the return address in r14 (brasl/basr); the result in r2; the
/// stack pointer 8-byte aligned. Big-endian.
/// </summary>
internal static class Abi
{
    /// <summary>Bytes of the register save area at 0(%r15) of every caller: back chain, r2-r15, f0/f2/f4/f6 in the standard layout.</summary>
    public const int RegisterSaveArea = 160;

    public static readonly AbiDescription Description = new(
        StackPointer: "r15",
        ProgramCounter: "pc",
        IntegerArguments: ["r2", "r3", "r4", "r5", "r6"],
        ReturnAddress: ReturnAddressLocation.Register,
        LinkRegister: "r14",
        CalleeSavedGeneral: ["r6", "r7", "r8", "r9", "r10", "r11", "r12", "r13"],
        // The kernel builds with -msoft-float, but the ABI's preserved set is what a callee owes; the
        // harness seeds and checks them through GuestRegisters (Unicorn 2.0.1 has no register id for them).
        CalleeSavedFloat: ["f8", "f9", "f10", "f11", "f12", "f13", "f14", "f15"],
        StackAlignment: 8,
        StackSlotSize: 8,
        ReturnValue: "r2",
        Document: "zSeries ELF ABI Supplement (s390x), Function Calling Sequence: registers, stack frame, parameter passing")
    {
        BigEndian = true,
        RegisterSaveAreaSize = RegisterSaveArea,
    };
}
