using Tpsim.Emulator.Memory;

namespace Tpsim.Emulator.Loading;

/// <summary>
/// What a relocator sees for one relocation: P, S and A, the bytes of the section being patched, the
/// section's other relocations (riscv's %pcrel_lo finds its AUIPC's partner there), and checks that
/// word every ISA's refusals alike (type, symbol, section offset and object in each message). Fields
/// are read and patched in the object's byte order (<see cref="ByteOrder"/>): little-endian for every
/// ISA but s390x, whose ELFDATA2MSB objects hold big-endian fields.
/// </summary>
public readonly ref struct RelocationContext
{
    private readonly Span<byte> _section;

    /// <summary>A context for a little-endian object; public so a relocator can be exercised on its own.</summary>
    public RelocationContext(
        string objectName,
        string sectionName,
        Span<byte> section,
        ReadOnlySpan<Relocation> sectionRelocations,
        Relocation relocation,
        string typeName)
        : this(objectName, sectionName, section, sectionRelocations, relocation, typeName, ByteOrder.LittleEndian)
    {
    }

    /// <summary>Built by <see cref="ObjectLoader"/> for each relocation, with the byte order of the object's ELF header (EI_DATA).</summary>
    public RelocationContext(
        string objectName,
        string sectionName,
        Span<byte> section,
        ReadOnlySpan<Relocation> sectionRelocations,
        Relocation relocation,
        string typeName,
        ByteOrder byteOrder)
    {
        ObjectName = objectName;
        SectionName = sectionName;
        _section = section;
        SectionRelocations = sectionRelocations;
        Relocation = relocation;
        TypeName = typeName;
        ByteOrder = byteOrder;
    }

    /// <summary>
    /// Every allocated section of the object being loaded, where the loader placed it. Per-object values come
    /// from here: ppc64's TOC base, for one, is the object's .toc (or .got) section + 0x8000. Empty when a
    /// relocator is exercised on its own.
    /// </summary>
    public IReadOnlyList<LoadedSection> ObjectSections { get; init; } = [];

    /// <summary>
    /// The whole image of the object being loaded (from <see cref="ObjectBase"/>), as relocated so far; see
    /// <see cref="IRelocator.RelocationOrder"/>. Empty when a relocator is exercised on its own.
    /// </summary>
    public ReadOnlySpan<byte> ObjectImage { get; init; }

    /// <summary>
    /// The guest memory the object is loaded into, with every object loaded before it; null when a relocator is
    /// exercised on its own. ppc64 reads another object's function descriptor here.
    /// </summary>
    public IEmulatedMemory? GuestMemory { get; init; }

    /// <summary>
    /// The address of this relocation's symbol's entry in the object's global offset table, for a type the relocator
    /// says needs one (<see cref="IRelocator.NeedsGotEntry"/>); null otherwise. The entry holds S.
    /// </summary>
    public ulong? GotEntry { get; init; }

    /// <summary>Where the object's global offset table starts (GOT in the psABI formulas), or null when it has none.</summary>
    public ulong? GotBase { get; init; }

    /// <summary>The call stub the loader made for the relocation's symbol (<see cref="IRelocator.NeedsCallStub"/>); null otherwise.</summary>
    public ulong? CallStub { get; init; }

    /// <summary>The guest address of the first byte of <see cref="ObjectImage"/>.</summary>
    public ulong ObjectBase { get; init; }

    /// <summary>
    /// A word of <paramref name="size"/> bytes at guest address <paramref name="address"/> inside the object being
    /// loaded, in the object's byte order, as relocated so far (ppc64 reads a function descriptor's entry this way).
    /// </summary>
    public ulong ReadObjectWord(ulong address, int size)
    {
        var offset = address - ObjectBase;
        if (address < ObjectBase || offset + (ulong)size > (ulong)ObjectImage.Length)
        {
            throw Invalid($"the {size}-byte word at 0x{address:x} lies outside the object");
        }
        return MemoryWords.GetWord(ObjectImage.Slice((int)offset, size), size, ByteOrder);
    }

    /// <summary>The byte order of the object, in which <see cref="ReadUInt16"/> and the other field accessors work.</summary>
    public ByteOrder ByteOrder { get; }

    public Relocation Relocation { get; }

    /// <summary>Every relocation of the same section, in file order (resolved like this one).</summary>
    public ReadOnlySpan<Relocation> SectionRelocations { get; }

    public string ObjectName { get; }

    public string SectionName { get; }

    /// <summary>ELF name of <see cref="Type"/>, as the relocator reported it.</summary>
    public string TypeName { get; }

    public uint Type => Relocation.Type;

    /// <summary>The place: guest address of the field.</summary>
    public ulong P => Relocation.Place;

    /// <summary>The symbol's guest address.</summary>
    public ulong S => Relocation.SymbolValue;

    /// <summary>The addend.</summary>
    public long A => Relocation.Addend;

    /// <summary>S + A, wrapping like the 64-bit arithmetic of the psABIs.</summary>
    public ulong Absolute => unchecked(S + (ulong)A);

    /// <summary>S + A - P as a signed displacement.</summary>
    public long PcRelative => unchecked((long)(S + (ulong)A - P));

    /// <summary>Where the field is, for messages: <c>.text+0x1c</c>.</summary>
    public string Location => $"{SectionName}+0x{Relocation.Offset:x}";

    public byte ReadByte(int delta = 0) => Field(delta, 1)[0];

    public void WriteByte(byte value, int delta = 0) => Field(delta, 1)[0] = value;

    /// <summary>The 2-byte field at the place (+<paramref name="delta"/>), in the object's byte order.</summary>
    public ushort ReadUInt16(int delta = 0) => (ushort)MemoryWords.GetWord(Field(delta, 2), 2, ByteOrder);

    public void WriteUInt16(ushort value, int delta = 0) => MemoryWords.PutWord(Field(delta, 2), 2, value, ByteOrder);

    /// <summary>The 4-byte field at the place (+<paramref name="delta"/>), in the object's byte order.</summary>
    public uint ReadUInt32(int delta = 0) => (uint)MemoryWords.GetWord(Field(delta, 4), 4, ByteOrder);

    public void WriteUInt32(uint value, int delta = 0) => MemoryWords.PutWord(Field(delta, 4), 4, value, ByteOrder);

    /// <summary>The 8-byte field at the place (+<paramref name="delta"/>), in the object's byte order.</summary>
    public ulong ReadUInt64(int delta = 0) => MemoryWords.GetWord(Field(delta, 8), 8, ByteOrder);

    public void WriteUInt64(ulong value, int delta = 0) => MemoryWords.PutWord(Field(delta, 8), 8, value, ByteOrder);

    /// <summary>
    /// Replaces the bits of <paramref name="mask"/> in the <paramref name="size"/>-byte field (2, 4 or 8)
    /// at the place (+<paramref name="delta"/>) with those of <paramref name="bits"/>, keeping the rest:
    /// how an instruction's immediate is patched, in the object's byte order.
    /// </summary>
    public void PatchBits(int size, ulong mask, ulong bits, int delta = 0)
    {
        var field = Field(delta, size);
        var old = MemoryWords.GetWord(field, size, ByteOrder);
        MemoryWords.PutWord(field, size, (old & ~mask) | (bits & mask), ByteOrder);
    }

    /// <summary>Refuses unless -2^(bits-1) &lt;= value &lt; 2^(bits-1).</summary>
    public void CheckSigned(long value, int bits)
    {
        var limit = 1L << (bits - 1);
        if (value < -limit || value >= limit)
        {
            throw Overflow(value, $"a signed {bits}-bit field");
        }
    }

    /// <summary>Refuses unless value &lt; 2^bits.</summary>
    public void CheckUnsigned(ulong value, int bits)
    {
        if (bits < 64 && value >> bits != 0)
        {
            throw Overflow(unchecked((long)value), $"an unsigned {bits}-bit field");
        }
    }

    /// <summary>
    /// Refuses unless -2^(bits-1) &lt;= value &lt; 2^bits: the range of data fields that may hold either
    /// a signed or an unsigned quantity (AArch64 ABS32/PREL32, RISC-V 32).
    /// </summary>
    public void CheckSignedOrUnsigned(long value, int bits)
    {
        if (value < -(1L << (bits - 1)) || value >= 1L << bits)
        {
            throw Overflow(value, $"a {bits}-bit field");
        }
    }

    /// <summary>Refuses a value whose low bits the field cannot encode (branch offsets, scaled offsets).</summary>
    public void CheckAlignment(long value, int alignment)
    {
        if ((value & (alignment - 1)) != 0)
        {
            throw Misaligned($"value {Hex(value)} is not a multiple of {alignment}");
        }
    }

    /// <summary>The refusal for a type the relocator does not implement.</summary>
    public LoaderException Unsupported()
    {
        var type = TypeName == $"type {Type}" ? TypeName : $"{TypeName} (type {Type})";
        return new(LoaderError.UnknownRelocation, ObjectName,
            $"unsupported relocation {type} against '{Relocation.SymbolName}' at {Location}");
    }

    public LoaderException Misaligned(string reason) =>
        new(LoaderError.MisalignedRelocation, ObjectName,
            $"relocation {TypeName} against '{Relocation.SymbolName}' at {Location}: {reason}");

    public LoaderException Invalid(string reason) =>
        new(LoaderError.InvalidRelocation, ObjectName,
            $"relocation {TypeName} against '{Relocation.SymbolName}' at {Location}: {reason}");

    private LoaderException Overflow(long value, string field) =>
        new(LoaderError.RelocationOverflow, ObjectName,
            $"relocation {TypeName} against '{Relocation.SymbolName}' at {Location} out of range: {Hex(value)} does not fit in {field}");

    /// <summary>Bytes of the section from the relocation's offset plus <paramref name="delta"/> to its end (0 past it): whether a field there can be read.</summary>
    public long SectionBytesAfter(int delta) => Math.Max(0, _section.Length - ((long)Relocation.Offset + delta));

    private Span<byte> Field(int delta, int size)
    {
        var start = (long)Relocation.Offset + delta;
        if (start < 0 || start + size > _section.Length)
        {
            throw Invalid($"a {size}-byte field at offset 0x{start:x} runs past the end of the {_section.Length}-byte section");
        }
        return _section.Slice((int)start, size);
    }

    private static string Hex(long value) => value < 0 ? $"-0x{unchecked((ulong)-value):x}" : $"0x{value:x}";
}
