using Tpsim.Emulator.Isa;

namespace Tpsim.Arch.Ppc64;

/// <summary>
/// The 64-bit PowerPC ELF ABI v1.9 (ELFv1, "Function Calling Sequence"), big-endian, as the kernel uses it.
/// <list type="bullet">
/// <item>Arguments in r3-r10; the rest in the caller's parameter save area, doubleword n at 48+8n(r1), so the
/// first stack argument (the ninth parameter) is at 112(r1). The caller always allocates the 48-byte frame
/// header and at least the 64-byte parameter save area, even for fewer than eight parameters.</item>
/// <item>The frame header at 0(r1): back chain (0), CR save (8), LR save (16), compiler and linker doublewords
/// (24, 32), TOC save (40). A callee stores its return address into the LR save word and may store CR and its
/// register parameters into the CR save word and the parameter save area of its caller's frame: those are the
/// callee's (<see cref="AbiDescription.RegisterSaveAreaSize"/> = 112). The back chain, the two reserved
/// doublewords and the TOC save doubleword stay the caller's (<see cref="AbiDescription.CallerRangesInSaveArea"/>):
/// after a call through a function descriptor the caller reloads r2 from 40(r1).</item>
/// <item>Callee-saved: r14-r31, r1 (the stack pointer), CR2-CR4, f14-f31. r13 is reserved (the thread pointer;
/// the kernel's PACA pointer) and must never change, so it is checked with them. r2 (the TOC) is not: a call
/// through a descriptor enters the callee with the callee's own TOC in r2, and it is the caller that restores
/// its TOC from 40(r1) afterwards. f14-f31 are not checked either: the kernel runs with MSR[FP]=0 outside
/// enable_kernel_fp() (-msoft-float), so a stub that touches them takes an FP-unavailable interrupt, which
/// tpsim reports as a trap (see the clobber-fp control), and the harness runs with MSR[FP]=0 too.</item>
/// <item>Return address in LR, result in r3, the stack pointer 16-byte aligned.</item>
/// </list>
/// </summary>
internal static class Abi
{
    /// <summary>The 48-byte frame header plus the 64-byte minimum parameter save area, below the first stack argument.</summary>
    public const int HeaderAndParameterSaveArea = 48 + 64;

    /// <summary>Where the caller keeps its TOC across a call through a descriptor.</summary>
    public const int TocSaveOffset = 40;

    public static readonly AbiDescription Description = new(
        StackPointer: "r1",
        ProgramCounter: "pc",
        IntegerArguments: ["r3", "r4", "r5", "r6", "r7", "r8", "r9", "r10"],
        ReturnAddress: ReturnAddressLocation.Register,
        LinkRegister: "lr",
        CalleeSavedGeneral:
        [
            "r13", "r14", "r15", "r16", "r17", "r18", "r19", "r20", "r21", "r22", "r23", "r24", "r25", "r26", "r27",
            "r28", "r29", "r30", "r31", "cr2", "cr3", "cr4",
        ],
        CalleeSavedFloat: [],
        StackAlignment: 16,
        StackSlotSize: 8,
        ReturnValue: "r3",
        Document: "64-bit PowerPC ELF ABI Supplement 1.9 (ELFv1), Function Calling Sequence: registers, stack frame, parameter passing, function descriptors")
    {
        BigEndian = true,
        RegisterSaveAreaSize = HeaderAndParameterSaveArea,
        // Back chain; compiler, linker and TOC save doublewords. CR save (8) and LR save (16) are the callee's.
        CallerRangesInSaveArea = [(0, 8), (24, 8), (32, 8), (TocSaveOffset, 8)],
        Reserved = ["r2", "r13"],
    };

    /// <summary>ELFv2's frame header: back chain, CR save, LR save, TOC save.</summary>
    public const int ElfV2FrameHeader = 32;

    /// <summary>ELFv2's 32-byte frame header plus the 64-byte parameter save area, below the first stack argument.</summary>
    public const int ElfV2HeaderAndParameterSaveArea = ElfV2FrameHeader + 64;

    /// <summary>Where an ELFv2 caller keeps its TOC across a call that may change it.</summary>
    public const int ElfV2TocSaveOffset = 24;

    /// <summary>
    /// The 64-bit ELF V2 ABI for Power ("The Stack Frame", "Parameter Passing"), big-endian, which a 6.12 ppc64
    /// kernel is built with (CONFIG_PPC64_BIG_ENDIAN_ELF_ABI_V2): the same registers, a 32-byte frame header (back chain
    /// 0, CR save 8, LR save 16, TOC save 24) and the parameter save area at 32, so the first stack argument is at
    /// 96(r1). A caller allocates the parameter save area only when some parameter goes on the stack, so in a call
    /// with eight parameters or fewer 32..95 from r1 are the caller's own frame, which the callee must leave alone.
    /// </summary>
    public static readonly AbiDescription ElfV2 = Description with
    {
        RegisterSaveAreaSize = ElfV2HeaderAndParameterSaveArea,
        SaveAreaWithoutStackArguments = ElfV2FrameHeader,
        // Back chain and TOC save stay the caller's; CR save (8) and LR save (16) are the callee's.
        CallerRangesInSaveArea = [(0, 8), (ElfV2TocSaveOffset, 8)],
        Document = "64-bit ELF V2 ABI Specification, Power Architecture, 2.2 Function Calling Sequence: registers, stack frame, parameter passing, local and global entry points",
    };
}
