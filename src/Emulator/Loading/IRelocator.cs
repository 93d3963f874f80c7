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

    /// <summary>
    /// When the relocation table of the section named <paramref name="sectionName"/> is applied: tables run in
    /// ascending order, in file order within one value. 0 for every section by default; ppc64 applies .opd first,
    /// so a branch to a function descriptor can read the entry the descriptor holds
    /// (<see cref="RelocationContext.ReadObjectWord"/>).
    /// </summary>
    int RelocationOrder(string sectionName) => 0;

    /// <summary>
    /// Whether a relocation of <paramref name="type"/> reads a global offset table entry of its symbol (s390x
    /// R_390_GOTENT in the kernel's -fPIE objects). The loader then gives the object a GOT of its own, one word per
    /// such symbol holding its address, as the linker does for vmlinux and the kernel's module loader for a module
    /// (<see cref="RelocationContext.GotEntry"/>). None by default.
    /// </summary>
    bool NeedsGotEntry(uint type) => false;

    /// <summary>
    /// Whether a relocation of <paramref name="type"/> against <paramref name="symbol"/>, which the object does not define,
    /// reaches it through a call stub (ppc64 ELFv2 R_PPC64_REL24: the callee's code sits in another object with another TOC). The loader then
    /// gives the object a stub of <see cref="CallStubSize"/> bytes per such symbol in its text, made by
    /// <see cref="CallStub"/>, as the kernel's module loader builds its .stubs (<see cref="RelocationContext.CallStub"/>).
    /// None by default.
    /// </summary>
    bool NeedsCallStub(uint type, string symbol) => false;

    /// <summary>Bytes of one call stub (<see cref="NeedsCallStub"/>).</summary>
    int CallStubSize => 0;

    /// <summary>The code of the call stub at <paramref name="stub"/> that transfers to <paramref name="target"/>.</summary>
    byte[] CallStub(ulong stub, ulong target) => throw new NotSupportedException($"{MachineName} objects need no call stubs");

    /// <summary>
    /// Symbols the linker defines for each object on its own, which an object references undefined (ppc64 ELFv2
    /// <c>.TOC.</c>, the object's TOC base): resolved by <see cref="PerObjectSymbol"/>, never in the shared table. None by default.
    /// </summary>
    IReadOnlySet<string> PerObjectSymbols => NoNames;

    /// <summary>The value of <paramref name="name"/> (one of <see cref="PerObjectSymbols"/>) for an object placed as <paramref name="sections"/>.</summary>
    ulong PerObjectSymbol(string name, IReadOnlyList<LoadedSection> sections) =>
        throw new NotSupportedException($"{MachineName} objects have no per-object symbol '{name}'");

    private static readonly IReadOnlySet<string> NoNames = new HashSet<string>();

    /// <summary>
    /// The name an undefined symbol of an object is looked up under in the <see cref="SymbolTable"/>: itself by
    /// default. ppc64 strips the dot of an ELFv1 dot-symbol (<c>.foo</c>, "the entry point of foo", which GCC's
    /// -mcall-aixdesc references for a direct call), as the kernel's module loader does (dedotify), so the call
    /// resolves to foo's descriptor and the relocator decides how to reach its code.
    /// </summary>
    string UndefinedSymbolName(string name) => name;

    /// <summary>
    /// Where the code of a symbol defined at <paramref name="offset"/> in the section named
    /// <paramref name="sectionName"/> starts, read from the section's relocated <paramref name="sectionBytes"/>, when
    /// that is not the symbol's own address; null by default, where every function symbol is its code. ppc64 ELFv1
    /// function symbols are descriptors in .opd, whose first doubleword is the entry
    /// (<see cref="LoadedObject.FunctionEntries"/>).
    /// </summary>
    ulong? FunctionEntry(string sectionName, ReadOnlySpan<byte> sectionBytes, ulong offset) => null;

    /// <summary>Patches the field of <see cref="RelocationContext.Relocation"/>; throws <see cref="LoaderException"/> on refusal.</summary>
    void Apply(in RelocationContext context);
}
