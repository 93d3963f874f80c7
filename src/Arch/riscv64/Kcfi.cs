using System.Buffers.Binary;
using Tpsim.Emulator.Isa;
using Tpsim.Emulator.Unicorn;

namespace Tpsim.Arch.Riscv64;

/// <summary>
/// Decodes a failed Clang <c>-fsanitize=kcfi</c> call check at its <c>ebreak</c>. clang-19 emits, right
/// before each checked <c>jalr aA</c> / <c>jr aA</c>:
/// <code>
///   lw     tL, -(P*nop+4)(rA)    L = t1 (t3 when A is t1)
///   lui    tT, HI20              T = t2 (t3 when A is t2); omitted when HI20 = 0
///   addiw  tT, tT, LO12          omitted when LO12 = 0; when HI20 = 0 clang-19 emits addi tT, tT, LO12
///   beq    tL, tT, 1f
///   ebreak                        &lt;- trap pc
/// 1: jalr rA
/// </code>
/// where HASH = HI20 &lt;&lt; 12 + sext(LO12). With the C extension the assembler compresses what it can:
/// <c>c.lui</c>, <c>c.addiw</c>, <c>c.addi</c>, <c>c.ebreak</c> (never the <c>lw</c>, whose offset is
/// negative, nor the <c>beq</c>). The callee's hash is a <c>.word</c> right before the function (before
/// the P prefix NOPs with <c>-fpatchable-function-entry=N,P</c>). tpsim takes the expected hash from the
/// immediates, the word the check read from tL and the target from rA.
/// </summary>
internal static class Kcfi
{
    private const uint Ebreak = 0x00100073;
    private const ushort CEbreak = 0x9002;

    /// <summary>One decoded instruction of the hash materialisation: rd, rs1 (0 for LUI), immediate, kind.</summary>
    private readonly record struct Insn(char Kind, int Rd, int Rs1, int Imm);

    public static KcfiCheck? Decode(Engine engine, ulong pc)
    {
        int ebreakLength;
        if (TryRead32(engine, pc, out var trap) && trap == Ebreak)
        {
            ebreakLength = 4;
        }
        else if (TryRead16(engine, pc, out var half) && half == CEbreak)
        {
            ebreakLength = 2;
        }
        else
        {
            return null;
        }

        // beq tL, tT, +(4 + ebreak): skips exactly the ebreak.
        var beqAt = pc - 4;
        if (!TryRead32(engine, beqAt, out var beq) || (beq & 0x707f) != 0x0063 || BranchOffset(beq) != 4 + ebreakLength)
        {
            return null;
        }
        var l = (int)((beq >> 15) & 31);
        var t = (int)((beq >> 20) & 31);
        if (l == 0 || t == 0 || l == t)
        {
            return null;
        }

        // The materialisation of tT ends at the beq: lui[+addiw], or one addi (HI20 = 0), each 4 or 2 bytes.
        foreach (var (hiLength, loLength) in Shapes)
        {
            var loAt = beqAt - (ulong)loLength;
            var hiAt = loAt - (ulong)hiLength;
            Insn? lo = loLength == 0 ? null : DecodeAddi(engine, loAt, loLength);
            Insn? hi = hiLength == 0 ? null : DecodeLui(engine, hiAt, hiLength);
            uint expected;
            if (hi is { } h && (loLength == 0 || lo is { Kind: 'w' }))
            {
                if (h.Rd != t || (lo is { } w && (w.Rd != t || w.Rs1 != t)))
                {
                    continue;
                }
                expected = (uint)((h.Imm << 12) + (lo?.Imm ?? 0));
            }
            else if (hiLength == 0 && lo is { Kind: 'i' } addi && addi.Rd == t && addi.Rs1 == t)
            {
                expected = (uint)addi.Imm;
            }
            else
            {
                continue;
            }

            // lw tL, off(rA)
            if (!TryRead32(engine, hiAt - 4, out var lw) || (lw & 0x707f) != 0x2003 || (int)((lw >> 7) & 31) != l)
            {
                continue;
            }
            var a = (int)((lw >> 15) & 31);
            if (a == 0 || a == l || a == t)
            {
                continue;
            }
            var targetType = (uint)engine.ReadRegister(X(l));
            var target = engine.ReadRegister(X(a));
            return new KcfiCheck(expected, targetType, target);
        }
        return null;
    }

    /// <summary>(lui length, addi/addiw length) pairs tried from the beq backwards, uncompressed first.</summary>
    private static readonly (int Hi, int Lo)[] Shapes = [(4, 4), (4, 2), (2, 4), (2, 2), (4, 0), (2, 0), (0, 4), (0, 2)];

    /// <summary>lui rd, imm20 or c.lui rd, nzimm6; Imm is the sign-extended 20-bit upper immediate.</summary>
    private static Insn? DecodeLui(Engine engine, ulong at, int length)
    {
        if (length == 4)
        {
            return TryRead32(engine, at, out var i) && (i & 0x7f) == 0x37
                ? new Insn('u', (int)((i >> 7) & 31), 0, (int)i >> 12)
                : null;
        }
        if (!TryRead16(engine, at, out var c) || (c & 0xe003) != 0x6001)
        {
            return null;
        }
        var rd = (c >> 7) & 31;
        var imm = SignExtend(((c >> 7) & 0x20) | ((c >> 2) & 0x1f), 6);
        return rd is 0 or 2 || imm == 0 ? null : new Insn('u', rd, 0, imm);
    }

    /// <summary>addiw/addi rd, rs1, imm12 or c.addiw/c.addi rd, imm6 (Kind 'w' or 'i').</summary>
    private static Insn? DecodeAddi(Engine engine, ulong at, int length)
    {
        if (length == 4)
        {
            if (!TryRead32(engine, at, out var i) || ((i & 0x707f) is not (0x001b or 0x0013)))
            {
                return null;
            }
            return new Insn((i & 0x7f) == 0x1b ? 'w' : 'i', (int)((i >> 7) & 31), (int)((i >> 15) & 31), (int)i >> 20);
        }
        if (!TryRead16(engine, at, out var c) || (c & 0xc003) != 0x0001)
        {
            return null;
        }
        // funct3 000 = c.addi, 001 = c.addiw (RV64); rd = rs1.
        var kind = (c >> 13) == 1 ? 'w' : 'i';
        var rd = (c >> 7) & 31;
        var imm = SignExtend(((c >> 7) & 0x20) | ((c >> 2) & 0x1f), 6);
        return rd == 0 ? null : new Insn(kind, rd, rd, imm);
    }

    /// <summary>The B-type immediate of a branch.</summary>
    private static int BranchOffset(uint b) =>
        SignExtend((int)(((b >> 31) & 1) << 12 | ((b >> 7) & 1) << 11 | ((b >> 25) & 0x3f) << 5 | ((b >> 8) & 0xf) << 1), 13);

    private static int SignExtend(int value, int bits) => value << (32 - bits) >> (32 - bits);

    /// <summary>UC_RISCV_REG_X0 + n, as <see cref="RegisterIds"/> lays the integer registers out.</summary>
    private static int X(int n) => 1 + n;

    private static bool TryRead32(Engine engine, ulong at, out uint value)
    {
        Span<byte> b = stackalloc byte[4];
        var ok = engine.TryRead(at, b);
        value = ok ? BinaryPrimitives.ReadUInt32LittleEndian(b) : 0;
        return ok;
    }

    private static bool TryRead16(Engine engine, ulong at, out ushort value)
    {
        Span<byte> b = stackalloc byte[2];
        var ok = engine.TryRead(at, b);
        value = ok ? BinaryPrimitives.ReadUInt16LittleEndian(b) : (ushort)0;
        return ok;
    }
}
