using System.Buffers.Binary;

namespace Tpsim.Emulator.Memory;

/// <summary>Little-endian machine words of 4 or 8 bytes: what a pointer or a C long is on the ISA at hand.</summary>
public static class MemoryWords
{
    public static ulong ReadWord(this IEmulatedMemory memory, ulong address, int size)
    {
        Span<byte> buf = stackalloc byte[8];
        memory.Read(address, buf[..size]);
        return size == 4 ? BinaryPrimitives.ReadUInt32LittleEndian(buf) : BinaryPrimitives.ReadUInt64LittleEndian(buf);
    }

    public static void WriteWord(this IEmulatedMemory memory, ulong address, int size, ulong value)
    {
        Span<byte> buf = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(buf, value);
        memory.Write(address, buf[..size]);
    }

    /// <summary>Writes <paramref name="value"/> into <paramref name="span"/> as one word of <paramref name="size"/> bytes.</summary>
    public static void PutWord(Span<byte> span, int size, ulong value)
    {
        if (size == 4)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(span, (uint)value);
        }
        else
        {
            BinaryPrimitives.WriteUInt64LittleEndian(span, value);
        }
    }

    public static ulong GetWord(ReadOnlySpan<byte> span, int size) =>
        size == 4 ? BinaryPrimitives.ReadUInt32LittleEndian(span) : BinaryPrimitives.ReadUInt64LittleEndian(span);

    /// <summary>All ones in the low <paramref name="size"/> bytes: a 64-bit seed as a 32-bit ISA holds it.</summary>
    public static ulong Mask(int size) => size == 4 ? 0xffff_ffffUL : ulong.MaxValue;
}
