using System.Buffers.Binary;

using Tpsim.Emulator.Isa;

namespace Tpsim.Arch.Arm;

/// <summary>
/// Names the 32-bit Arm instructions that stop the CPU on purpose: UDF (the kernel's BUG() is
/// <c>udf #0x12</c>, 0xe7f001f2 in ARM and 0xde02 in Thumb) and BKPT (a failed kCFI check), in ARM and
/// Thumb encodings.
/// </summary>
/// <remarks>
/// Only the bytes are given, not the CPU state, so the encodings are told apart by their bit patterns:
/// Thumb-2 <c>udf.w</c> first (its second halfword, 1010 imm12, is never the top of an ARM UDF or BKPT),
/// then the ARM words (cond 1110, bits 7:4 1111 or 0111), then the 16-bit Thumb forms. A Thumb UDF or BKPT
/// followed by a halfword that completes an ARM UDF or BKPT word would be named as the ARM instruction;
/// tpsim's own traps never are.
/// </remarks>
internal static class Traps
{
    public static DecodedInstruction Describe(ReadOnlySpan<byte> b)
    {
        if (b.Length >= 4)
        {
            var hw0 = BinaryPrimitives.ReadUInt16LittleEndian(b);
            var hw1 = BinaryPrimitives.ReadUInt16LittleEndian(b[2..]);
            var word = BinaryPrimitives.ReadUInt32LittleEndian(b);
            if ((hw0 & 0xfff0) == 0xf7f0 && (hw1 & 0xf000) == 0xa000)
            {
                return DecodedInstruction.Invalid($"udf.w #0x{((hw0 & 0xf) << 12) | (hw1 & 0xfff):x}");
            }
            if ((word & 0xfff0_00f0) == 0xe7f0_00f0)
            {
                return DecodedInstruction.Invalid($"udf #0x{ArmImmediate16(word):x}");
            }
            if ((word & 0xfff0_00f0) == 0xe120_0070)
            {
                return DecodedInstruction.Breakpoint($"bkpt #0x{ArmImmediate16(word):x}");
            }
        }
        if (b.Length >= 2)
        {
            var hw0 = BinaryPrimitives.ReadUInt16LittleEndian(b);
            if ((hw0 & 0xff00) == 0xde00)
            {
                return DecodedInstruction.Invalid($"udf #0x{hw0 & 0xff:x}");
            }
            if ((hw0 & 0xff00) == 0xbe00)
            {
                return DecodedInstruction.Breakpoint($"bkpt #0x{hw0 & 0xff:x}");
            }
        }
        return DecodedInstruction.Other("bytes " + Convert.ToHexString(b[..Math.Min(b.Length, 8)]).ToLowerInvariant());
    }

    /// <summary>UDF/BKPT (A1): imm12 in bits 19:8, imm4 in bits 3:0.</summary>
    private static uint ArmImmediate16(uint word) => ((word >> 4) & 0xfff0) | (word & 0xf);
}
