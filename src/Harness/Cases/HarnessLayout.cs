using Tpsim.Emulator.Isa;

namespace Tpsim.Harness.Cases;

/// <summary>
/// Where the harness puts things, relative to the ISA's kernel base. Code objects get fixed slots so
/// they stay loaded across cases on a reused engine; data and stack are rewritten per case.
/// </summary>
internal sealed class HarnessLayout(IsaBackend isa)
{
    public const ulong SlotSize = 0x1_0000;
    public const int StubSlots = 32;

    /// <summary>Bytes at the top of the stack that stand for the site's own caller; filled with a pattern and checked.</summary>
    public const ulong CallerArea = 0x400;

    public ulong Base { get; } = isa.KernelBase;

    public ulong ProbesSlot => Base;

    public ulong SiteSlot(SiteKind site) => Base + SlotSize * (1UL + (ulong)site);

    public ulong StubSlot(int index) => Base + SlotSize * (4UL + (ulong)index);

    public ulong DataPage => Base + SlotSize * (4UL + StubSlots);

    public ulong FuncsArray => DataPage;

    public const int MaxEntries = 64;

    public ulong ArgumentVector => DataPage + 0x800;

    public ulong HaltPage => DataPage + 0x1000;

    /// <summary>The lowest address the stack may grow to: the kernel's THREAD_SIZE below its top.</summary>
    public ulong StackBase => StackTop - isa.ThreadSize;

    /// <summary>Unmapped from the halt page up to <see cref="StackBase"/>: a stack overflow faults here.</summary>
    public ulong StackGuardStart => HaltPage + 0x1000;

    public ulong StackTop => DataPage + 0x20000;

    /// <summary>
    /// Where the ISA's support objects go (<see cref="IsaBackend.SupportSources"/>), one slot each, above the
    /// stack.
    /// </summary>
    public ulong SupportSlot(int index) => StackTop + SlotSize * (ulong)index;
}
