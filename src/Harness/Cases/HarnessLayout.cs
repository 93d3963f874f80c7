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

    public ulong StackBase => DataPage + 0x10000;

    public const ulong StackSize = 0x10000;

    public ulong StackTop => StackBase + StackSize;

    /// <summary>
    /// Where the ISA's support objects go (<see cref="IsaBackend.SupportSources"/>), one slot each, above the
    /// stack; outside <see cref="CodeRange"/>, because no case traps or faults in them.
    /// </summary>
    public ulong SupportSlot(int index) => StackTop + SlotSize * (ulong)index;

    /// <summary>Everything that may hold code; the precise replay hooks this range.</summary>
    public (ulong Begin, ulong End) CodeRange => (Base, HaltPage + 0x1000 - 1);
}
