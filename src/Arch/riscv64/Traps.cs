using System.Buffers.Binary;

namespace Tpsim.Arch.Riscv64;

/// <summary>Names the RISC-V instructions that stop the CPU on purpose (ebreak, c.ebreak, unimp).</summary>
internal static class Traps
{
    public static string Describe(ReadOnlySpan<byte> b)
    {
        if (b.Length < 2)
        {
            return "bytes " + Convert.ToHexString(b).ToLowerInvariant();
        }
        var half = BinaryPrimitives.ReadUInt16LittleEndian(b);
        if ((half & 3) != 3)
        {
            return half switch
            {
                0x9002 => "c.ebreak",
                0x0000 => "c.unimp",
                _ => $"insn 0x{half:x4}",
            };
        }
        if (b.Length < 4)
        {
            return $"insn 0x{half:x4}";
        }
        var insn = BinaryPrimitives.ReadUInt32LittleEndian(b);
        return insn switch
        {
            0x00100073 => "ebreak",
            0x00000073 => "ecall",
            0xc0001073 => "unimp",
            _ => $"insn 0x{insn:x8}",
        };
    }
}
