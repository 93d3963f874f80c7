using Tpsim.Emulator.Isa;

namespace Tpsim.Linux.Machine;

/// <summary>
/// Where a <see cref="LinuxMachine"/> puts the real kernel's pieces, relative to the ISA's kernel base: kernel/tracepoint.o,
/// the machine-code routines (those in a call's path apart from the rest), the C# services' bridge page and the halt
/// page, the kernel's data (init_task, cpu masks), the per-CPU area, the stack, modules (never at a reused address)
/// and the kmalloc heap.
/// </summary>
public sealed class LinuxLayout(IsaBackend isa)
{
    public ulong Base { get; } = isa.KernelBase;

    /// <summary>The objects the kernel links into vmlinux besides tracepoint.o (ppc64 crtsavres.o), within a branch's reach of it.</summary>
    public ulong Libraries => Base + 0x8_0000;

    public ulong Core => Base + 0x10_0000;

    public ulong CallRoutines => Base + 0x70_0000;

    public ulong OtherRoutines => Base + 0x70_1000;

    public ulong BootPage => Base + 0x70_2000;

    public ulong BridgePage => Base + 0x80_0000;

    public ulong HaltPage => BridgePage + 0x1000;

    public ulong Data => Base + 0x90_0000;

    public const ulong DataSize = 0x1_0000;

    public ulong PerCpu => Base + 0xa0_0000;

    public const ulong PerCpuSize = 0x1_0000;

    /// <summary>Unmapped below the stack, so that an overflow faults and says so.</summary>
    public ulong StackGuardStart => Base + 0xb0_0000;

    public ulong StackBase => StackTop - isa.ThreadSize;

    public ulong StackTop => Base + 0xc0_0000;

    /// <summary>init_task's shadow call stack, for a build whose ISA keeps its pointer in a register the boot sets (riscv64 gp).</summary>
    public ulong ShadowCallStack => Base + 0xd0_0000;

    public const ulong ShadowCallStackSize = 0x1000;

    public ulong ModuleArea => Base + 0x100_0000;

    public ulong HeapBase => Base + 0x1000_0000;

    public const ulong HeapSize = 0x1000_0000;
}
