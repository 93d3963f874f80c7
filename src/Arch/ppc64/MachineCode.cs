using System.Buffers.Binary;

namespace Tpsim.Arch.Ppc64;

/// <summary>The few instructions tpsim writes itself on ppc64 (call stubs, boot code, jump labels), big-endian words.</summary>
internal static class MachineCode
{
    public const uint Nop = 0x6000_0000;

    /// <summary>std r2,24(r1): ELFv2's TOC save doubleword.</summary>
    public const uint SaveToc = 0xf841_0018;

    /// <summary>ld r2,24(r1): the TOC restore a call stub's caller runs in place of the nop after its bl.</summary>
    public const uint RestoreToc = 0xe841_0018;

    /// <summary>mtctr r12; bctr.</summary>
    public static readonly uint[] JumpR12 = [0x7d89_03a6, 0x4e80_0420];

    /// <summary>lis, ori, sldi 32, oris, ori: any 64-bit <paramref name="value"/> into GPR <paramref name="register"/>.</summary>
    public static uint[] LoadImmediate(int register, ulong value)
    {
        var rt = (uint)register << 21;
        var both = rt | ((uint)register << 16);
        return
        [
            0x3c00_0000 | rt | (uint)((value >> 48) & 0xffff),
            0x6000_0000 | both | (uint)((value >> 32) & 0xffff),
            0x7800_07c6 | both,
            0x6400_0000 | both | (uint)((value >> 16) & 0xffff),
            0x6000_0000 | both | (uint)(value & 0xffff),
        ];
    }

    /// <summary>b to <paramref name="target"/> from <paramref name="place"/> (I-form, 26-bit signed, word-aligned).</summary>
    public static uint Branch(ulong place, ulong target)
    {
        var displacement = unchecked((long)(target - place));
        if (displacement is < -(1L << 25) or >= 1L << 25 || (displacement & 3) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(target), $"0x{target:x} is out of a b's reach from 0x{place:x}");
        }
        return 0x4800_0000 | (uint)(displacement & 0x03ff_fffc);
    }

    public static byte[] Bytes(params uint[] words)
    {
        var bytes = new byte[words.Length * 4];
        for (var i = 0; i < words.Length; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(i * 4), words[i]);
        }
        return bytes;
    }
}
