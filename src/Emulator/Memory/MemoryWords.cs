using System.Buffers.Binary;

namespace Tpsim.Emulator.Memory;

/// <summary>The order in which an ISA stores the bytes of a multi-byte value in memory.</summary>
public enum ByteOrder
{
    /// <summary>Least significant byte first: x86_64, i386, arm64, riscv64 (and ELFDATA2LSB objects).</summary>
    LittleEndian,

    /// <summary>Most significant byte first: s390x, ppc64 in Unicorn 2.0.1 (and ELFDATA2MSB objects).</summary>
    BigEndian,
}

/// <summary>
/// Machine words of 4 or 8 bytes: what a pointer or a C long is on the ISA at hand, in the ISA's byte
/// order. The overloads without a <see cref="ByteOrder"/> are little-endian, as every ISA was before
/// s390x; code that serves more than one ISA passes the ISA's order (<c>AbiDescription.ByteOrder</c>).
/// </summary>
public static class MemoryWords
{
    public static ulong ReadWord(this IEmulatedMemory memory, ulong address, int size) =>
        ReadWord(memory, address, size, ByteOrder.LittleEndian);

    /// <summary>Reads one word of <paramref name="size"/> bytes (1, 2, 4 or 8) at <paramref name="address"/>, zero-extended.</summary>
    public static ulong ReadWord(this IEmulatedMemory memory, ulong address, int size, ByteOrder order)
    {
        CheckSize(size);
        Span<byte> buf = stackalloc byte[8];
        memory.Read(address, buf[..size]);
        return GetWord(buf, size, order);
    }

    public static void WriteWord(this IEmulatedMemory memory, ulong address, int size, ulong value) =>
        WriteWord(memory, address, size, value, ByteOrder.LittleEndian);

    /// <summary>Writes the low <paramref name="size"/> bytes of <paramref name="value"/> as one word at <paramref name="address"/>.</summary>
    public static void WriteWord(this IEmulatedMemory memory, ulong address, int size, ulong value, ByteOrder order)
    {
        CheckSize(size);
        Span<byte> buf = stackalloc byte[8];
        PutWord(buf, size, value, order);
        memory.Write(address, buf[..size]);
    }

    /// <summary>Writes <paramref name="value"/> into <paramref name="span"/> as one little-endian word of <paramref name="size"/> bytes.</summary>
    public static void PutWord(Span<byte> span, int size, ulong value) => PutWord(span, size, value, ByteOrder.LittleEndian);

    /// <summary>Writes the low <paramref name="size"/> bytes (1, 2, 4 or 8) of <paramref name="value"/> into <paramref name="span"/> in <paramref name="order"/>.</summary>
    public static void PutWord(Span<byte> span, int size, ulong value, ByteOrder order)
    {
        var big = order == ByteOrder.BigEndian;
        switch (size)
        {
            case 1:
                span[0] = (byte)value;
                return;
            case 2:
                if (big) { BinaryPrimitives.WriteUInt16BigEndian(span, (ushort)value); } else { BinaryPrimitives.WriteUInt16LittleEndian(span, (ushort)value); }
                return;
            case 4:
                if (big) { BinaryPrimitives.WriteUInt32BigEndian(span, (uint)value); } else { BinaryPrimitives.WriteUInt32LittleEndian(span, (uint)value); }
                return;
            case 8:
                if (big) { BinaryPrimitives.WriteUInt64BigEndian(span, value); } else { BinaryPrimitives.WriteUInt64LittleEndian(span, value); }
                return;
            default:
                throw BadSize(size);
        }
    }

    public static ulong GetWord(ReadOnlySpan<byte> span, int size) => GetWord(span, size, ByteOrder.LittleEndian);

    /// <summary>Reads one word of <paramref name="size"/> bytes (1, 2, 4 or 8) from <paramref name="span"/> in <paramref name="order"/>, zero-extended.</summary>
    public static ulong GetWord(ReadOnlySpan<byte> span, int size, ByteOrder order)
    {
        var big = order == ByteOrder.BigEndian;
        return size switch
        {
            1 => span[0],
            2 => big ? BinaryPrimitives.ReadUInt16BigEndian(span) : BinaryPrimitives.ReadUInt16LittleEndian(span),
            4 => big ? BinaryPrimitives.ReadUInt32BigEndian(span) : BinaryPrimitives.ReadUInt32LittleEndian(span),
            8 => big ? BinaryPrimitives.ReadUInt64BigEndian(span) : BinaryPrimitives.ReadUInt64LittleEndian(span),
            _ => throw BadSize(size),
        };
    }

    /// <summary>Writes a C <c>int</c> (4 bytes) into <paramref name="span"/> in <paramref name="order"/>.</summary>
    public static void PutInt32(Span<byte> span, int value, ByteOrder order) => PutWord(span, 4, unchecked((uint)value), order);

    /// <summary>All ones in the low <paramref name="size"/> bytes: a 64-bit seed as a 32-bit ISA holds it.</summary>
    public static ulong Mask(int size) => size == 4 ? 0xffff_ffffUL : ulong.MaxValue;

    private static void CheckSize(int size)
    {
        if (size is not (1 or 2 or 4 or 8))
        {
            throw BadSize(size);
        }
    }

    private static ArgumentOutOfRangeException BadSize(int size) =>
        new(nameof(size), size, "a machine word is 1, 2, 4 or 8 bytes");
}
