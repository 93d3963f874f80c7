using System.Buffers.Binary;

namespace Tpsim.Arch.Riscv64;

/// <summary>
/// Finds RV64GC instructions that may write an FP register, by major opcode: LOAD-FP, the fused multiply-adds and
/// OP-FP (which also holds the FP-to-integer moves and compares: counted too, erring towards "may"), and the
/// compressed C.FLD and C.FLDSP. An encoding longer than 32 bits is not decoded, so it counts as "may".
/// </summary>
internal static class FloatWrites
{
    private const uint LoadFp = 0x07, FMadd = 0x43, FMsub = 0x47, FNmsub = 0x4b, FNmadd = 0x4f, OpFp = 0x53;

    public static bool Any(ReadOnlySpan<byte> code)
    {
        for (var at = 0; at + 2 <= code.Length;)
        {
            var half = BinaryPrimitives.ReadUInt16LittleEndian(code[at..]);
            if ((half & 3) != 3)
            {
                var funct3 = half >> 13;
                var quadrant = half & 3;
                if (funct3 == 1 && quadrant is 0 or 2)
                {
                    return true; // C.FLD, C.FLDSP
                }
                at += 2;
                continue;
            }
            if ((half & 0x1c) == 0x1c || at + 4 > code.Length)
            {
                return true; // a 48-bit or longer encoding, or a truncated one
            }
            var opcode = BinaryPrimitives.ReadUInt32LittleEndian(code[at..]) & 0x7f;
            if (opcode is LoadFp or FMadd or FMsub or FNmsub or FNmadd or OpFp)
            {
                return true;
            }
            at += 4;
        }
        return false;
    }
}
