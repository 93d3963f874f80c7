using Tpsim.Emulator.Unicorn;

namespace Tpsim.Emulator.Loading;

/// <summary>A page-aligned run of an object's memory with one protection (text R+X, rodata R, data R+W).</summary>
public sealed record MappedRegion(ulong Address, ulong Size, UcProt Protection)
{
    public AddressRange Range => new(Address, Address + Size);
}
