using Tpsim.Emulator.Isa;
using Tpsim.Emulator.Memory;

namespace Tpsim.Arch.Ppc64;

/// <summary>
/// ppc64 bridge slots: <c>blr</c> (4e800020) after the C# body has written the result to r3. Stack arguments
/// are read at 112(r1) upward, in the caller's parameter save area, big-endian. ELFv1 code reaches a function
/// through its descriptor, so a slot's symbol is a descriptor: <see cref="SlotBytes"/> lays out the <c>blr</c>
/// at the slot (where the bridge hook is) and, at <see cref="SymbolBias"/> = 8, the descriptor {slot, 0, 0}.
/// The TOC word 0 says the code uses no TOC: an indirect call loads r2 = 0 from it, which the slot never
/// reads, and the loader lets a direct <c>bl</c> from another object reach such a function without a
/// TOC-switching stub (see <see cref="Relocations"/>).
/// </summary>
/// <remarks>Under ELFv2 (<paramref name="elfV2"/>, the kernel's ABI) a function symbol is its code: the slot is the <c>blr</c> alone.</remarks>
public sealed class Ppc64CallBridge(bool elfV2 = false) : CallBridge(elfV2 ? Abi.ElfV2 : Abi.Description, RegisterIds.Map)
{
    /// <summary>Bytes from a slot's code to its descriptor: the 4-byte blr, padded to a doubleword.</summary>
    public const int DescriptorOffset = 8;

    public override byte[] ReturnInstruction => [0x4e, 0x80, 0x00, 0x20];

    /// <summary>The symbol is the descriptor.</summary>
    public override ulong SymbolBias => elfV2 ? 0UL : DescriptorOffset;

    /// <summary>blr, padding, and the 24-byte descriptor: 32 bytes.</summary>
    public override int SlotSize => 32;

    /// <summary><c>blr</c> at <paramref name="slot"/>, then at <c>slot + 8</c> the descriptor {slot, TOC 0, environment 0}.</summary>
    public override byte[] SlotBytes(ulong slot)
    {
        var bytes = new byte[DescriptorOffset + 24];
        ReturnInstruction.CopyTo(bytes, 0);
        if (elfV2)
        {
            return bytes;
        }
        MemoryWords.PutWord(bytes.AsSpan(DescriptorOffset), 8, slot, ByteOrder.BigEndian);
        return bytes;
    }
}
