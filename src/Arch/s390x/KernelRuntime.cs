using System.Buffers.Binary;
using Tpsim.Emulator.Isa;

namespace Tpsim.Arch.S390x;

/// <summary>
/// s390x as a 6.12 kernel uses it: <c>current</c> and the preempt count in CPU 0's lowcore at absolute address 0
/// (<c>get_lowcore()</c> as compiled, its relocation alternative left alone); jump labels a 6-byte <c>brcl 0</c>
/// (no-op) or <c>brcl 15</c> (branch) to the target; no static call trampolines; BUG and WARN a <c>mc 0,0</c> monitor
/// call, which traps once CR8 enables monitor class 0, as the kernel's setup does; GCC's expoline thunks as machine code.
/// </summary>
internal sealed class KernelRuntime : Emulator.Isa.KernelRuntime
{
    /// <summary>
    /// GCC's expolines (EXPOLINE, clang builds have none): an indirect branch through rN is a jump to
    /// <c>__s390_indirect_jump_rN</c>, which executes <c>br %rN</c> by EXRL; here the branch itself. r14 is the return.
    /// </summary>
    public override IReadOnlyList<KernelRoutine> Routines { get; } =
        [.. Enumerable.Range(1, 15).Select(n => new KernelRoutine($"__s390_indirect_jump_r{n}", [0x07, (byte)(0xf0 | n)], InCallPath: n != 14))];

    public override bool KeepsLowCore => true;

    // Low-address protection (CR0.LAP, which the kernel sets): stores to 0-511 and 4096-4607 are protection exceptions.
    public override IReadOnlyList<(ulong Start, ulong End)> StoreProtected => [(0, 512), (4096, 4608)];

    // PREEMPT_ENABLED: s390 keeps PREEMPT_NEED_RESCHED inverted in the count's top bit.
    public override uint InitialPreemptCount => 0x8000_0000;

    /// <summary>larl %r1, the literal; lctlg %c8,%c8,0(%r1); j over it; the CR8 value with monitor class 0 enabled.</summary>
    public override byte[] BootCode(ulong perCpuBase, ulong currentTask, ulong currentSlot)
    {
        var code = new byte[24];
        code[0] = 0xc0;
        code[1] = 0x10;
        BinaryPrimitives.WriteInt32BigEndian(code.AsSpan(2), 16 / 2);
        byte[] lctlg = [0xeb, 0x88, 0x10, 0x00, 0x00, 0x2f];
        lctlg.CopyTo(code, 6);
        byte[] jump = [0xa7, 0xf4, 0x00, 12 / 2];
        jump.CopyTo(code, 12);
        BinaryPrimitives.WriteUInt64BigEndian(code.AsSpan(16), 0x8000);
        return code;
    }

    /// <summary>brcl 0 or brcl 15 with the halfword offset to the target, as arch/s390's jump_label_make_nop/branch write it.</summary>
    public override byte[] JumpLabel(ReadOnlySpan<byte> now, ulong site, ulong target, bool jump)
    {
        var bytes = new byte[6];
        BinaryPrimitives.WriteUInt16BigEndian(bytes, jump ? (ushort)0xc0f4 : (ushort)0xc004);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(2), checked((int)(unchecked((long)(target - site)) >> 1)));
        return bytes;
    }

    public override int JumpLabelMaxSize => 6;

    // mc 0,0: one 4-byte instruction.
    public override int BugInstructionLength(ReadOnlySpan<byte> code) => 4;
}
