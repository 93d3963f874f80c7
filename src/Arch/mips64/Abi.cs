using Tpsim.Emulator.Isa;

namespace Tpsim.Arch.Mips64;

/// <summary>
/// The MIPS n64 ABI (MIPSpro N32/N64 ABI Handbook; the kernel's -mabi=64) as a 64-bit big-endian kernel
/// uses it: integer arguments in a0-a7 ($4-$11), the rest in 8-byte slots from 0($sp) of the caller
/// upward (n64 has no home area for register arguments, unlike o32's 16 bytes); s0-s7 ($16-$23), gp ($28,
/// callee-saved in n32/n64), s8/fp ($30) and sp preserved by the callee, and f24-f31 (all eight in n64;
/// n32 saves only the even ones); the return address in ra ($31), written by jal/jalr as the address of
/// the instruction after the branch delay slot; the result in v0 ($2); the stack pointer 16-byte aligned.
/// </summary>
/// <remarks>
/// The kernel builds with -msoft-float and never touches f24-f31, but they are what the ABI makes a callee
/// owe, so the harness seeds and checks them as on the other ISAs (Unicorn 2.0.1 reaches them only through
/// the saved CPU state, see <see cref="RegisterIds"/>). The frame pointer is named "fp" in reports.
/// </remarks>
internal static class Abi
{
    public static readonly AbiDescription Description = new(
        StackPointer: "sp",
        ProgramCounter: "pc",
        IntegerArguments: ["a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7"],
        ReturnAddress: ReturnAddressLocation.Register,
        LinkRegister: "ra",
        CalleeSavedGeneral: ["s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7", "gp", "fp"],
        CalleeSavedFloat: ["f24", "f25", "f26", "f27", "f28", "f29", "f30", "f31"],
        StackAlignment: 16,
        StackSlotSize: 8,
        ReturnValue: "v0",
        Document: "MIPSpro N32/N64 ABI Handbook, and the SYSV MIPS psABI for ELF64 relocations (n64: register use, stack frame, parameter passing)")
    {
        BigEndian = true,
        Reserved = ["k0", "k1", "gp"],
    };
}
