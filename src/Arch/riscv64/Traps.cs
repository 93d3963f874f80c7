using System.Buffers.Binary;

using Tpsim.Emulator.Isa;

namespace Tpsim.Arch.Riscv64;

/// <summary>Names the RISC-V instructions that stop the CPU on purpose (ebreak, c.ebreak, unimp).</summary>
internal static class Traps
{
    public static DecodedInstruction Describe(ReadOnlySpan<byte> b)
    {
        if (b.Length < 2)
        {
            return DecodedInstruction.Other("bytes " + Convert.ToHexString(b).ToLowerInvariant());
        }
        var half = BinaryPrimitives.ReadUInt16LittleEndian(b);
        if ((half & 3) != 3)
        {
            return half switch
            {
                0x9002 => DecodedInstruction.Breakpoint("c.ebreak"),
                0x0000 => DecodedInstruction.Invalid("c.unimp"),
                _ => DecodedInstruction.Other($"insn 0x{half:x4}"),
            };
        }
        if (b.Length < 4)
        {
            return DecodedInstruction.Other($"insn 0x{half:x4}");
        }
        var insn = BinaryPrimitives.ReadUInt32LittleEndian(b);
        return insn switch
        {
            0x00100073 => DecodedInstruction.Breakpoint("ebreak"),
            0x00000073 => DecodedInstruction.Invalid("ecall"),
            0xc0001073 => DecodedInstruction.Invalid("unimp"),
            _ => DecodedInstruction.Other($"insn 0x{insn:x8}"),
        };
    }
}
