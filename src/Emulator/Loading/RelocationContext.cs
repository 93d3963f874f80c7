using System.Buffers.Binary;

namespace Tpsim.Emulator.Loading;

/// <summary>
/// What a relocator sees for one relocation: P, S and A, the bytes of the section being patched, the
/// section's other relocations (riscv's %pcrel_lo finds its AUIPC's partner there), and checks that
/// word every ISA's refusals alike (type, symbol, section offset and object in each message).
/// </summary>
public readonly ref struct RelocationContext
{
    private readonly Span<byte> _section;

    /// <summary>Built by <see cref="ObjectLoader"/> for each relocation; public so a relocator can be exercised on its own.</summary>
    public RelocationContext(
        string objectName,
        string sectionName,
        Span<byte> section,
        ReadOnlySpan<Relocation> sectionRelocations,
        Relocation relocation,
        string typeName)
    {
        ObjectName = objectName;
        SectionName = sectionName;
        _section = section;
        SectionRelocations = sectionRelocations;
        Relocation = relocation;
        TypeName = typeName;
    }

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

    public ushort ReadUInt16(int delta = 0) => BinaryPrimitives.ReadUInt16LittleEndian(Field(delta, 2));

    public void WriteUInt16(ushort value, int delta = 0) => BinaryPrimitives.WriteUInt16LittleEndian(Field(delta, 2), value);

    public uint ReadUInt32(int delta = 0) => BinaryPrimitives.ReadUInt32LittleEndian(Field(delta, 4));

    public void WriteUInt32(uint value, int delta = 0) => BinaryPrimitives.WriteUInt32LittleEndian(Field(delta, 4), value);

    public ulong ReadUInt64(int delta = 0) => BinaryPrimitives.ReadUInt64LittleEndian(Field(delta, 8));

    public void WriteUInt64(ulong value, int delta = 0) => BinaryPrimitives.WriteUInt64LittleEndian(Field(delta, 8), value);

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
