using System.Buffers.Binary;

using Tpsim.Emulator.Isa;

namespace Tpsim.Arch.Arm64;

/// <summary>Names the AArch64 instructions that stop the CPU on purpose (BRK, UDF, HLT).</summary>
internal static class Traps
{
    public static DecodedInstruction Describe(ReadOnlySpan<byte> b)
    {
        if (b.Length < 4)
        {
            return DecodedInstruction.Other("bytes " + Convert.ToHexString(b).ToLowerInvariant());
        }
        var insn = BinaryPrimitives.ReadUInt32LittleEndian(b);
        var imm16 = (insn >> 5) & 0xffff;
        return (insn & 0xffe0001f) switch
        {
            0xd4200000 => DecodedInstruction.Breakpoint($"brk #0x{imm16:x}"),
            0xd4400000 => DecodedInstruction.Invalid($"hlt #0x{imm16:x}"),
            _ when (insn & 0xffff0000) == 0 => DecodedInstruction.Invalid($"udf #0x{insn & 0xffff:x}"),
            _ => DecodedInstruction.Other($"insn 0x{insn:x8}"),
        };
    }
}
