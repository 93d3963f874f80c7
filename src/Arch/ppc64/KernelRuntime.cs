using Tpsim.Emulator.Isa;

namespace Tpsim.Arch.Ppc64;

/// <summary>
/// 64-bit PowerPC as a 6.12 ppc64_defconfig kernel uses it: ELFv2 code (<paramref name="elfV2"/>), CPU 0's paca behind
/// r13 (<c>current</c>, the CPU number, the soft interrupt mask, the per-CPU offset 0), jump labels a <c>nop</c> or a
/// <c>b</c>, no static calls, BUG and WARN a trap instruction, and <c>_mcount</c> as machine code.
/// </summary>
internal sealed class KernelRuntime(Ppc64Backend elfV2) : Emulator.Isa.KernelRuntime
{
    /// <summary>
    /// FUNCTION_TRACER's <c>_mcount</c>, as the kernel writes it before ftrace patches the calls out: back to the caller
    /// with LR restored from r0 (mflr r12; mtctr r12; mtlr r0; bctr), which serves clang's -pg and GCC's -mprofile-kernel.
    /// </summary>
    public override IReadOnlyList<KernelRoutine> Routines { get; } =
        [new("_mcount", MachineCode.Bytes(0x7d88_02a6, MachineCode.JumpR12[0], 0x7c08_03a6, MachineCode.JumpR12[1]), InCallPath: false)];

    public override IsaBackend KernelAbiBackend => elfV2;

    public override bool KeepsPaca => true;

    /// <summary>r13 = the paca (the per-CPU area's start).</summary>
    public override byte[] BootCode(ulong perCpuBase, ulong currentTask, ulong currentSlot) =>
        MachineCode.Bytes(MachineCode.LoadImmediate(13, perCpuBase));

    /// <summary>A nop, or a b to the target, as arch/powerpc's arch_jump_label_transform writes them.</summary>
    public override byte[] JumpLabel(ReadOnlySpan<byte> now, ulong site, ulong target, bool jump) =>
        MachineCode.Bytes(jump ? MachineCode.Branch(site, target) : MachineCode.Nop);

    // twi 31,0,0 for BUG and WARN, tdnei for WARN_ON(x): one 4-byte instruction.
    public override int BugInstructionLength(ReadOnlySpan<byte> code) => 4;
}
