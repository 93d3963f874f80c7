namespace Tpsim.Emulator.Loading;

/// <summary>A half-open guest address range [Start, End).</summary>
public readonly record struct AddressRange(ulong Start, ulong End)
{
    public ulong Size => End - Start;

    public bool Contains(ulong address) => address >= Start && address < End;

    public override string ToString() => $"[0x{Start:x}, 0x{End:x})";
}
