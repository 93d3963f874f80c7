using System.Buffers.Binary;

namespace Tpsim.Arch.Arm64;

/// <summary>Names the AArch64 instructions that stop the CPU on purpose (BRK, UDF, HLT).</summary>
internal static class Traps
{
    public static string Describe(ReadOnlySpan<byte> b)
    {
        if (b.Length < 4)
        {
            return "bytes " + Convert.ToHexString(b).ToLowerInvariant();
        }
        var insn = BinaryPrimitives.ReadUInt32LittleEndian(b);
        var imm16 = (insn >> 5) & 0xffff;
        return (insn & 0xffe0001f) switch
        {
            0xd4200000 => $"brk #0x{imm16:x}",
            0xd4400000 => $"hlt #0x{imm16:x}",
            _ when (insn & 0xffff0000) == 0 => $"udf #0x{insn & 0xffff:x}",
            _ => $"insn 0x{insn:x8}",
        };
    }
}
