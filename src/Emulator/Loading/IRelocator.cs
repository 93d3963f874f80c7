namespace Tpsim.Emulator.Loading;

/// <summary>
/// Applies one ISA's ELF relocation types to a section image, as the kernel's
/// <c>apply_relocate_add</c> (RELA) or <c>apply_relocate</c> (REL, i386) does for a module.
/// Implementations must refuse (never skip) a type they do not implement and a value that does not
/// fit its field; <see cref="RelocationContext"/> words both.
/// </summary>
public interface IRelocator
{
    /// <summary>ELF e_machine this relocator accepts (EM_386 3, EM_S390 22, EM_X86_64 62, EM_AARCH64 183, EM_RISCV 243).</summary>
    ushort Machine { get; }

    /// <summary>The e_machine constant's name, for the wrong-machine diagnostic.</summary>
    string MachineName { get; }

    /// <summary>
    /// The ELF class of the objects this relocator accepts, in bits: 64 (ELFCLASS64) unless overridden,
    /// 32 (ELFCLASS32) for i386. An object of the other class is refused with <see cref="LoaderError.WrongClass"/>.
    /// </summary>
    int ElfClass => 64;

    /// <summary>
    /// The ELF data encoding of the objects this relocator accepts: little-endian (ELFDATA2LSB) unless
    /// overridden, big-endian (ELFDATA2MSB) for s390x. An object of the other encoding is refused with
    /// <see cref="LoaderError.WrongByteOrder"/>; <see cref="RelocationContext"/> reads and writes fields in it.
    /// </summary>
    Memory.ByteOrder ByteOrder => Memory.ByteOrder.LittleEndian;

    /// <summary>ELF name of a relocation type (R_X86_64_PC32), or <c>type N</c> when the ISA defines no such type.</summary>
    string TypeName(uint type);

    /// <summary>
    /// True when the ISA's objects carry SHT_REL tables, whose addends are the fields' own contents (i386).
    /// The default, false, suits ISAs whose objects use SHT_RELA only: the loader refuses an SHT_REL
    /// table (<see cref="LoaderError.NotRelocatable"/>) before reading any of its entries.
    /// </summary>
    bool ReadsImplicitAddends => false;

    /// <summary>
    /// The implicit addend of an SHT_REL entry (the psABI's A when the table has no r_addend): the
    /// content of the relocation's field, sign-extended, read before any entry of the table has patched
    /// the section. <see cref="RelocationContext.A"/> is 0 while this runs. Called only when
    /// <see cref="ReadsImplicitAddends"/> is true; throws what <see cref="Apply"/> would for a type the
    /// relocator does not implement.
    /// </summary>
    long ImplicitAddend(in RelocationContext context) =>
        throw new NotSupportedException($"{MachineName} objects carry no implicit addends");

    /// <summary>Patches the field of <see cref="RelocationContext.Relocation"/>; throws <see cref="LoaderException"/> on refusal.</summary>
    void Apply(in RelocationContext context);
}
