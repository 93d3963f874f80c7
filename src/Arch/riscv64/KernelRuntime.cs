using System.Buffers.Binary;
using Tpsim.Emulator.Isa;
using Tpsim.Emulator.Toolchain;

namespace Tpsim.Arch.Riscv64;

/// <summary>
/// riscv64 as a 6.12 kernel uses it: <c>current</c> in tp (thread_info, with the preempt count and the CPU number,
/// opens task_struct), per-CPU data through <c>__per_cpu_offset[cpu]</c> (0 here), jump labels a 4-byte <c>nop</c> or
/// <c>jal zero</c> (built with norvc), and no static call trampolines.
/// </summary>
internal sealed class KernelRuntime : Emulator.Isa.KernelRuntime
{
    private const uint Nop = 0x00000013;

    /// <summary>auipc t0, 0; ld tp, 12(t0); j over the literal; the task's address.</summary>
    public override byte[] BootCode(ulong perCpuBase, ulong currentTask, ulong currentSlot)
    {
        var code = new byte[20];
        BinaryPrimitives.WriteUInt32LittleEndian(code.AsSpan(0), 0x00000297);
        BinaryPrimitives.WriteUInt32LittleEndian(code.AsSpan(4), (12u << 20) | (5u << 15) | (3u << 12) | (4u << 7) | 0x03);
        BinaryPrimitives.WriteUInt32LittleEndian(code.AsSpan(8), Jal(12));
        BinaryPrimitives.WriteUInt64LittleEndian(code.AsSpan(12), currentTask);
        return code;
    }

    public override byte[] JumpLabel(ReadOnlySpan<byte> now, ulong site, ulong target, bool jump)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, jump ? Jal(unchecked((long)(target - site))) : Nop);
        return bytes;
    }

    /// <summary>jal zero, offset (J-type: imm[20|10:1|11|19:12]).</summary>
    private static uint Jal(long offset)
    {
        var imm = (uint)offset;
        return (((imm >> 20) & 1) << 31) | (((imm >> 1) & 0x3ff) << 21) | (((imm >> 11) & 1) << 20) | (((imm >> 12) & 0xff) << 12) | 0x6f;
    }

    // Under SHADOW_CALL_STACK the kernel keeps the task's shadow stack pointer in gp (scs_load_current).
    public override string? ShadowCallStackRegister(BuildSpec build) => build.Config == BuildConfigs.Scs ? "gp" : null;

    // ebreak, which the assembler compresses to c.ebreak under RVC: the low two bits say which.
    public override int BugInstructionLength(ReadOnlySpan<byte> code) => (code[0] & 3) == 3 ? 4 : 2;
}
