using System.Buffers.Binary;
using Tpsim.Emulator.Isa;

namespace Tpsim.Arch.Mips64;

/// <summary>
/// mips64 (64r2, big-endian) as a 6.12 kernel uses it: $28 points at the running task's <c>thread_info</c>, whose first
/// word is <c>current</c> and which holds the preempt count (here <c>init_thread_union</c>); per-CPU data through
/// <c>__per_cpu_offset[cpu]</c> (0 here); jump labels a <c>j</c> (its 256 MB region) or <c>nop</c> with the delay slot
/// the compiler left; no static call trampolines; BUG a <c>break</c> (WARN is a call of warn_slowpath_fmt on mips).
/// </summary>
internal sealed class KernelRuntime : Emulator.Isa.KernelRuntime
{
    public override IReadOnlyList<(string Name, int Size)> KernelData => [("init_thread_union", 256)];

    public override string? CurrentTaskVariable => "init_thread_union";

    /// <summary>bal over two literals (slot, task); ld $28, slot; ld $8, task; sd $8, 0($28): thread_info->task = current.</summary>
    public override byte[] BootCode(ulong perCpuBase, ulong currentTask, ulong currentSlot)
    {
        var code = new byte[36];
        BinaryPrimitives.WriteUInt32BigEndian(code.AsSpan(0), 0x04110005);   // bal +24 (ra = the literals)
        BinaryPrimitives.WriteUInt32BigEndian(code.AsSpan(4), 0x00000000);   // nop (delay slot)
        BinaryPrimitives.WriteUInt64BigEndian(code.AsSpan(8), currentSlot);
        BinaryPrimitives.WriteUInt64BigEndian(code.AsSpan(16), currentTask);
        BinaryPrimitives.WriteUInt32BigEndian(code.AsSpan(24), 0xdffc0000); // ld $28, 0($ra)
        BinaryPrimitives.WriteUInt32BigEndian(code.AsSpan(28), 0xdfe80008); // ld $8, 8($ra)
        BinaryPrimitives.WriteUInt32BigEndian(code.AsSpan(32), 0xff880000); // sd $8, 0($28)
        return code;
    }

    /// <summary>j target (the instruction index within the region of the delay slot), or nop: arch_jump_label_transform before R6.</summary>
    public override byte[] JumpLabel(ReadOnlySpan<byte> now, ulong site, ulong target, bool jump)
    {
        if (jump && (target & ~0x0fff_ffffUL) != ((site + 4) & ~0x0fff_ffffUL))
        {
            throw new InvalidOperationException($"jump label at 0x{site:x}: 0x{target:x} is outside the j instruction's 256 MB region");
        }
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, jump ? (2u << 26) | (uint)((target >> 2) & 0x03ff_ffff) : 0);
        return bytes;
    }

    // break BRK_BUG: one instruction.
    public override int BugInstructionLength(ReadOnlySpan<byte> code) => 4;
}
