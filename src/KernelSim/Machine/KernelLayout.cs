using Tpsim.Emulator.Isa;

namespace Tpsim.KernelSim.Machine;

/// <summary>
/// Where the simulated kernel puts things, relative to the ISA's kernel base: the kernel image, the
/// bridge page of C#-implemented functions, the stack, modules (never at a reused address, so a call
/// into an unloaded module always faults) and the kmalloc heap.
/// </summary>
internal sealed class KernelLayout(IsaBackend isa)
{
    public ulong Base { get; } = isa.KernelBase;

    /// <summary>Stubs (tp_stub_func, __tracestub_*) first: they are callees, kept out of the checked site range.</summary>
    public ulong StubsImage => Base;

    /// <summary>The ISA's support objects (<see cref="IsaBackend.SupportSources"/>), between the stubs and the core.</summary>
    public ulong SupportImage(int index) => Base + 0x8_0000 + 0x1_0000 * (ulong)index;

    /// <summary>Tracepoints, iterators, trace_&lt;name&gt;() and the recording log.</summary>
    public ulong CoreImage => Base + 0x10_0000;

    public ulong BridgePage => Base + 0x80_0000;

    public const int BridgeSlots = 0x1000 / 16;

    public ulong HaltPage => BridgePage + 0x1000;

    /// <summary>The lowest address the stack may grow to: the kernel's THREAD_SIZE below its top.</summary>
    public ulong StackBase => StackTop - isa.ThreadSize;

    /// <summary>Unmapped from above the halt page up to <see cref="StackBase"/>: a stack overflow faults here.</summary>
    public ulong StackGuardStart => HaltPage + 0x1000;

    public ulong StackTop => Base + 0x94_0000;

    /// <summary>Modules are placed upwards from here with a guard gap; addresses are never reused.</summary>
    public ulong ModuleArea => Base + 0x100_0000;

    public ulong ModuleAreaEnd => HeapBase;

    public ulong HeapBase => Base + 0x1000_0000;

    public const ulong HeapSize = 0x1000_0000;
}
