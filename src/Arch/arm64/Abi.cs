using Tpsim.Emulator.Isa;

namespace Tpsim.Arch.Arm64;

/// <summary>AAPCS64 as the kernel uses it (x18 reserved for the shadow call stack).</summary>
internal static class Abi
{
    public static readonly AbiDescription Description = new(
        StackPointer: "sp",
        ProgramCounter: "pc",
        IntegerArguments: ["x0", "x1", "x2", "x3", "x4", "x5", "x6", "x7"],
        ReturnAddress: ReturnAddressLocation.Register,
        LinkRegister: "x30",
        // x18 last: AAPCS64 leaves it to the platform, and the kernel reserves it (-ffixed-x18; the shadow call stack
        // pointer under scs), so a callee must hand it back unchanged. Its seed is a valid shadow stack (Arm64Backend).
        CalleeSavedGeneral: ["x19", "x20", "x21", "x22", "x23", "x24", "x25", "x26", "x27", "x28", "x29", "x18"],
        // Only the low 64 bits of v8-v15 are preserved, which is exactly d8-d15.
        CalleeSavedFloat: ["d8", "d9", "d10", "d11", "d12", "d13", "d14", "d15"],
        StackAlignment: 16,
        StackSlotSize: 8,
        ReturnValue: "x0",
        Document: "Procedure Call Standard for the Arm 64-bit Architecture (AAPCS64), sections 6.4 and 6.8")
    {
        Reserved = ["x18"],
    };
}
