namespace Tpsim.Emulator.Loading;

/// <summary>
/// One RELA or REL entry with its symbol already resolved: the psABI's P (<see cref="Place"/>),
/// S (<see cref="SymbolValue"/>) and A (<see cref="Addend"/>), plus where it sits in its section.
/// </summary>
/// <param name="Type">ELF r_type.</param>
/// <param name="Offset">Byte offset of the field inside the section being relocated.</param>
/// <param name="Place">Guest address of the field (P).</param>
/// <param name="SymbolValue">Guest address of the symbol (S); 0 for symbol index 0 and unresolved weak symbols.</param>
/// <param name="Addend">The addend (A): r_addend of a RELA entry, or for a REL entry the field's own content as <see cref="IRelocator.ImplicitAddend"/> read it.</param>
/// <param name="SymbolName">Symbol name for diagnostics; a section symbol is named after its section.</param>
public readonly record struct Relocation(uint Type, ulong Offset, ulong Place, ulong SymbolValue, long Addend, string SymbolName)
{
    /// <summary>The symbol's st_other: its visibility, and on ppc64 ELFv2 the offset of its local entry point (bits 5-7).</summary>
    public byte SymbolOther { get; init; }
}
