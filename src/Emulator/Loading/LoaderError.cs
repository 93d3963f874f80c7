namespace Tpsim.Emulator.Loading;

/// <summary>
/// Why the loader refused an object. The numeric value is the stable diagnostic id
/// (<c>TPL001</c> is <see cref="UnresolvedSymbol"/>), so reports and tests can match on it.
/// </summary>
public enum LoaderError
{
    /// <summary>An undefined, non-weak symbol is in neither the object nor the symbol table.</summary>
    UnresolvedSymbol = 1,

    /// <summary>The relocator does not implement this relocation type.</summary>
    UnknownRelocation = 2,

    /// <summary>The relocated value does not fit the instruction or data field.</summary>
    RelocationOverflow = 3,

    /// <summary>The object's e_machine is not the relocator's.</summary>
    WrongMachine = 4,

    /// <summary>The load address is not 4 KiB aligned.</summary>
    MisalignedBase = 5,

    /// <summary>Not an ELF64 or ELF32 relocatable object (of either byte order), or a part the loader cannot place.</summary>
    NotRelocatable = 6,

    /// <summary>A global is already defined by another object.</summary>
    DuplicateSymbol = 7,

    /// <summary>A relocated value or place breaks the alignment its field requires.</summary>
    MisalignedRelocation = 8,

    /// <summary>A relocation is malformed: outside its section, missing its partner, or against an unplaced symbol.</summary>
    InvalidRelocation = 9,

    /// <summary>A symbol was looked up in a loaded object that does not define it.</summary>
    UnknownSymbol = 10,

    /// <summary>A common (SHN_COMMON) symbol; the kernel refuses these too.</summary>
    CommonSymbol = 11,

    /// <summary>An object with the same name is already loaded.</summary>
    DuplicateObject = 12,

    /// <summary>The object's pages could not be mapped (typically an overlap with existing memory).</summary>
    MappingFailed = 13,

    /// <summary>
    /// The object's ELF class is not the one the relocator handles: an ELF32 object for a 64-bit ISA
    /// (x86_64's x32 ABI, which the kernel never loads as a module) or an ELF64 object for i386.
    /// </summary>
    WrongClass = 14,

    /// <summary>An ELF32 object would be placed, wholly or partly, at or above 4 GiB, where none of its 32-bit addresses can point.</summary>
    OutsideAddressSpace = 15,

    /// <summary>
    /// The object's ELF data encoding (EI_DATA) is not the byte order the relocator handles: a
    /// little-endian object for s390x, or a big-endian one for a little-endian ISA.
    /// </summary>
    WrongByteOrder = 16,

    /// <summary>The object's sections need more bytes than the room the caller gave it (a harness slot).</summary>
    TooLarge = 17,
}
