using Tpsim.Emulator.Isa;

namespace Tpsim.Arch.Riscv64;

/// <summary>RISC-V LP64D calling convention (the kernel itself is LP64, soft-float; the preserved set is the same).</summary>
internal static class Abi
{
    public static readonly AbiDescription Description = new(
        StackPointer: "sp",
        ProgramCounter: "pc",
        IntegerArguments: ["a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7"],
        ReturnAddress: ReturnAddressLocation.Register,
        LinkRegister: "ra",
        // gp and tp after s0-s11: the psABI calls them unallocatable, and the kernel keeps its own values there (tp is
        // current, gp the shadow call stack pointer under CONFIG_SHADOW_CALL_STACK), so a callee must leave both alone.
        CalleeSavedGeneral: ["s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11", "gp", "tp"],
        CalleeSavedFloat: ["fs0", "fs1", "fs2", "fs3", "fs4", "fs5", "fs6", "fs7", "fs8", "fs9", "fs10", "fs11"],
        StackAlignment: 16,
        StackSlotSize: 8,
        ReturnValue: "a0",
        Document: "RISC-V ELF psABI, Integer and Floating-point Calling Conventions (LP64D)")
    {
        Reserved = ["gp", "tp"],
    };
}
