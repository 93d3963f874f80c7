using System.Buffers.Binary;
using Tpsim.Emulator.Isa;
using Tpsim.Emulator.Toolchain;

namespace Tpsim.Arch.Arm64;

/// <summary>
/// arm64 as a 6.12 kernel uses it: <c>current</c> in SP_EL0 (thread_info, with the preempt count, opens task_struct),
/// the per-CPU offset in TPIDR_EL1 (0 here: per-CPU symbols are used at their own addresses), jump labels a 4-byte
/// <c>nop</c> or <c>b</c>, and no static call trampolines (the generic static call is a function pointer).
/// </summary>
internal sealed class KernelRuntime : Emulator.Isa.KernelRuntime
{
    private const uint Nop = 0xd503201f;

    /// <summary>ldr x0, =task; msr sp_el0, x0; msr tpidr_el1, xzr; b over the literal.</summary>
    public override byte[] BootCode(ulong perCpuBase, ulong currentTask, ulong currentSlot)
    {
        var code = new byte[24];
        BinaryPrimitives.WriteUInt32LittleEndian(code.AsSpan(0), 0x58000080);  // ldr x0, .+16
        BinaryPrimitives.WriteUInt32LittleEndian(code.AsSpan(4), 0xd5184100);  // msr sp_el0, x0
        BinaryPrimitives.WriteUInt32LittleEndian(code.AsSpan(8), 0xd518d09f);  // msr tpidr_el1, xzr
        BinaryPrimitives.WriteUInt32LittleEndian(code.AsSpan(12), 0x14000003); // b .+12
        BinaryPrimitives.WriteUInt64LittleEndian(code.AsSpan(16), currentTask);
        return code;
    }

    public override byte[] JumpLabel(ReadOnlySpan<byte> now, ulong site, ulong target, bool jump)
    {
        var offset = unchecked((long)(target - site));
        var instruction = jump ? 0x14000000u | (uint)((offset >> 2) & 0x3ffffff) : Nop;
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, instruction);
        return bytes;
    }

    // 6.12 passes -ffixed-x18 only with SHADOW_CALL_STACK (arch/arm64/Makefile); otherwise x18 is a temporary.
    public override IReadOnlySet<string> UnreservedRegisters(BuildSpec build) =>
        build.Config == BuildConfigs.Scs ? new HashSet<string>() : new HashSet<string>(["x18"]);

    // brk #BUG_BRK_IMM: one instruction.
    public override int BugInstructionLength(ReadOnlySpan<byte> code) => 4;
}
