using System.Buffers.Binary;

using Tpsim.Emulator.Isa;

namespace Tpsim.Arch.S390x;

/// <summary>
/// Names the s390x instructions that stop the CPU on purpose. Opcode 0x00 is unassigned, so any
/// halfword 0x00xx raises an operation exception (Linux itself uses 0x0001 and 0x0002 as breakpoints);
/// Unicorn 2.0.1 reports every program interrupt the same way, as interrupt 3.
/// </summary>
internal static class Traps
{
    public static DecodedInstruction Describe(ReadOnlySpan<byte> b)
    {
        if (b.Length < 2)
        {
            return DecodedInstruction.Other("bytes " + Convert.ToHexString(b).ToLowerInvariant());
        }
        var half = BinaryPrimitives.ReadUInt16BigEndian(b);
        if (b[0] == 0x00)
        {
            return DecodedInstruction.Invalid($"illegal 0x{half:x4}");
        }
        return DecodedInstruction.Other("insn 0x" + Convert.ToHexString(b[..Math.Min(Length(b[0]), b.Length)]).ToLowerInvariant());
    }

    /// <summary>An instruction's length from its first byte: the top two bits are 00 for two bytes, 01 and 10 for four, 11 for six.</summary>
    public static int Length(byte first) => (first >> 6) switch
    {
        0 => 2,
        1 or 2 => 4,
        _ => 6,
    };
}
