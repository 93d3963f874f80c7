using System.Buffers.Binary;
using Tpsim.Emulator.Isa;

namespace Tpsim.Arch.Arm;

/// <summary>
/// arm (ARMv7, ARM state) as a 6.12 multi_v7 kernel uses it: <c>current</c> in TPIDRURO (CURRENT_POINTER_IN_TPIDRURO),
/// the per-CPU offset in TPIDRPRW (0 here), the bit operations of arch/arm/lib as machine code, the EHABI personality
/// routine the kernel defines empty, jump labels a 4-byte <c>nop</c> or <c>b</c>, no static call trampolines, and BUG
/// as the undefined instruction 0xe7f001f2 (WARN is a call of warn_slowpath_fmt on arm).
/// </summary>
internal sealed class KernelRuntime : Emulator.Isa.KernelRuntime
{
    // mov r0, r0: arm_gen_nop() for ARM state.
    private const uint Nop = 0xe1a00000;

    public override IReadOnlyList<KernelRoutine> Routines { get; } =
    [
        // _set_bit/_clear_bit(nr, p): one CPU, so a plain read-modify-write does what ldrex/strex do.
        new("_set_bit", Words(0xe200301f, 0xe3a02001, 0xe1a002a0, 0xe0811100, 0xe5910000, 0xe1800312, 0xe5810000, 0xe12fff1e), InCallPath: false),
        new("_clear_bit", Words(0xe200301f, 0xe3a02001, 0xe1a002a0, 0xe0811100, 0xe5910000, 0xe1c00312, 0xe5810000, 0xe12fff1e), InCallPath: false),
        // bx lr: the personality routine .ARM.exidx names; the kernel unwinds with its own tables.
        new("__aeabi_unwind_cpp_pr0", Words(0xe12fff1e), InCallPath: false),
    ];

    /// <summary>ldr r0, =task; mcr TPIDRURO, r0; mov r0, #0; mcr TPIDRPRW, r0; b over the literal.</summary>
    public override byte[] BootCode(ulong perCpuBase, ulong currentTask, ulong currentSlot) =>
        Words(0xe59f000c, 0xee0d0f70, 0xe3a00000, 0xee0d0f90, 0xea000000, checked((uint)currentTask));

    /// <summary>b target (offset from the site + 8), or the nop.</summary>
    public override byte[] JumpLabel(ReadOnlySpan<byte> now, ulong site, ulong target, bool jump) =>
        Words(jump ? 0xea000000u | (uint)((unchecked((long)(target - site)) - 8) >> 2) & 0x00ffffff : Nop);

    // BUG_INSTR_VALUE: one ARM instruction.
    public override int BugInstructionLength(ReadOnlySpan<byte> code) => 4;

    private static byte[] Words(params uint[] words)
    {
        var bytes = new byte[words.Length * 4];
        for (var i = 0; i < words.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(i * 4), words[i]);
        }
        return bytes;
    }
}
