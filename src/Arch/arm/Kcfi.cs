using System.Buffers.Binary;
using Tpsim.Emulator.Isa;
using Tpsim.Emulator.Unicorn;

namespace Tpsim.Arch.Arm;

/// <summary>
/// Decodes a failed Clang <c>-fsanitize=kcfi</c> call check at its <c>bkpt</c>. clang-19 has no 32-bit Arm
/// kCFI lowering of its own, so the generic one applies: the check is ordinary code, the hash may be kept
/// in a register across the loop, and the trap is out of line. In ARM state (Thumb-2 the same with T32 encodings):
/// <code>
///   bic   rX, rT, #1            the target without the Thumb bit
///   ldr   rL, [rX, #-4]         the word in front of the target: its type hash
///   cmp   rL, rE                rE holds the hash the call site expects
///   bne   trap
/// back:
///   ...                         argument moves
///   blx   rT
///   ...
/// trap:
///   bkpt  #0                    &lt;- trap pc
///   b     back
/// </code>
/// The kernel's handler (arch/arm, CONFIG_CFI_CLANG) reports the failure without a target; tpsim finds
/// the whole sequence from the trap: the branch back, the <c>bne</c> to the trap right before it, the
/// <c>cmp</c> right before that, the <c>ldr rL, [.., #-4]</c> that names which compared register is the
/// target's hash, and the first <c>blx</c> after the branch-back point, whose register is the target.
/// Any other shape is not a kCFI check (null).
/// </summary>
internal static class Kcfi
{
    /// <summary>How far the decoder looks for the hash load before the compare and for the call after the check.</summary>
    private const int Window = 64;

    public static KcfiCheck? Decode(Engine engine, ulong pc) =>
        ArmBackend.InThumbState(engine) ? DecodeThumb(engine, pc) : DecodeArm(engine, pc);

    private static KcfiCheck? DecodeArm(Engine engine, ulong pc)
    {
        if (Word(engine, pc) is not { } bkpt || (bkpt & 0xfff0_00f0) != 0xe120_0070
            || Word(engine, pc + 4) is not { } b || (b & 0xff00_0000) != 0xea00_0000)
        {
            return null;
        }
        var back = pc + 4 + 8 + (ulong)ArmOffset(b);
        // bne trap (cond 0001, 1010 imm24) right before the branch-back point.
        if (Word(engine, back - 4) is not { } bne || (bne & 0xff00_0000) != 0x1a00_0000 || back - 4 + 8 + (ulong)ArmOffset(bne) != pc)
        {
            return null;
        }
        // cmp rn, rm (register, no shift).
        if (Word(engine, back - 8) is not { } cmp || (cmp & 0xfff0_fff0) != 0xe150_0000)
        {
            return null;
        }
        var (rn, rm) = ((int)(cmp >> 16) & 15, (int)cmp & 15);
        int? loaded = null;
        for (var i = 1; i <= Window && loaded is null; i++)
        {
            // ldr rt, [rx, #-4] (immediate, offset addressing, U = 0).
            if (Word(engine, back - 8 - 4 * (ulong)i) is { } ldr && (ldr & 0xfff0_0fff) == 0xe510_0004)
            {
                var rt = (int)(ldr >> 12) & 15;
                loaded = rt == rn || rt == rm ? rt : null;
            }
        }
        for (var i = 0; i < Window && loaded is { } l; i++)
        {
            // blx rm (register).
            if (Word(engine, back + 4 * (ulong)i) is { } blx && (blx & 0xffff_fff0) == 0xe12f_ff30)
            {
                return Check(engine, expected: l == rn ? rm : rn, loaded: l, target: (int)blx & 15);
            }
        }
        return null;
    }

    private static KcfiCheck? DecodeThumb(Engine engine, ulong pc)
    {
        if (Half(engine, pc) is not { } bkpt || (bkpt & 0xff00) != 0xbe00 || ThumbBranch(engine, pc + 2) is not { } back)
        {
            return null;
        }
        // bne trap: T1 (1101 0001 imm8) or T3 (b<c>.w with cond 0001), ending right at the branch-back point.
        ulong bne;
        if (Half(engine, back - 2) is { } t1 && (t1 & 0xff00) == 0xd100 && back - 2 + 4 + (ulong)SignExtend((uint)(t1 & 0xff) << 1, 9) == pc)
        {
            bne = back - 2;
        }
        else if (Half(engine, back - 4) is { } h1 && Half(engine, back - 2) is { } h2 && (h1 & 0xfbc0) == 0xf040 && (h2 & 0xd000) == 0x8000
            && back + (ulong)ConditionalWideOffset(h1, h2) == pc)
        {
            bne = back - 4;
        }
        else
        {
            return null;
        }
        // cmp rn, rm: T1 (low registers), T2 (any), or cmp.w (T3, no shift).
        int rn, rm;
        ulong cmpAt;
        if (Half(engine, bne - 2) is { } c && (c & 0xffc0) == 0x4280)
        {
            (rn, rm, cmpAt) = (c & 7, (c >> 3) & 7, bne - 2);
        }
        else if (Half(engine, bne - 2) is { } c2 && (c2 & 0xff00) == 0x4500)
        {
            (rn, rm, cmpAt) = ((c2 & 7) | ((c2 >> 4) & 8), (c2 >> 3) & 15, bne - 2);
        }
        else if (Half(engine, bne - 4) is { } w1 && Half(engine, bne - 2) is { } w2 && (w1 & 0xfff0) == 0xebb0 && (w2 & 0xff00) == 0x0f00 && (w2 & 0x00f0) == 0)
        {
            (rn, rm, cmpAt) = (w1 & 15, w2 & 15, bne - 4);
        }
        else
        {
            return null;
        }
        int? loaded = null;
        for (var i = 2; i <= 2 * Window && loaded is null; i += 2)
        {
            // ldr.w rt, [rx, #-4] (T4: 1111 1000 0101 rx | rt 1100 0000 0100).
            if (Half(engine, cmpAt - (ulong)i - 2) is { } l1 && Half(engine, cmpAt - (ulong)i) is { } l2
                && (l1 & 0xfff0) == 0xf850 && (l2 & 0x0fff) == 0x0c04)
            {
                var rt = l2 >> 12;
                loaded = rt == rn || rt == rm ? rt : null;
            }
        }
        var at = back;
        for (var i = 0; i < Window && loaded is { } l; i++)
        {
            if (Half(engine, at) is not { } h)
            {
                return null;
            }
            // blx rm (T1: 0100 0111 1 rm 000).
            if ((h & 0xff87) == 0x4780)
            {
                return Check(engine, expected: l == rn ? rm : rn, loaded: l, target: (h >> 3) & 15);
            }
            at += (h >> 11) is 0x1d or 0x1e or 0x1f ? 4UL : 2UL;
        }
        return null;
    }

    private static KcfiCheck Check(Engine engine, int expected, int loaded, int target) =>
        new((uint)engine.ReadRegister(R(expected)), (uint)engine.ReadRegister(R(loaded)), engine.ReadRegister(R(target)));

    /// <summary>The branch-back target of a Thumb B (T2, 16-bit) or B.W (T4) at <paramref name="at"/>.</summary>
    private static ulong? ThumbBranch(Engine engine, ulong at)
    {
        if (Half(engine, at) is not { } h1)
        {
            return null;
        }
        if ((h1 & 0xf800) == 0xe000)
        {
            return at + 4 + (ulong)SignExtend((uint)(h1 & 0x7ff) << 1, 12);
        }
        if ((h1 & 0xf800) == 0xf000 && Half(engine, at + 2) is { } h2 && (h2 & 0xd000) == 0x9000)
        {
            uint s = (uint)(h1 >> 10) & 1, j1 = (uint)(h2 >> 13) & 1, j2 = (uint)(h2 >> 11) & 1;
            var imm = (s << 24) | ((~(j1 ^ s) & 1) << 23) | ((~(j2 ^ s) & 1) << 22) | (((uint)h1 & 0x3ff) << 12) | (((uint)h2 & 0x7ff) << 1);
            return at + 4 + (ulong)SignExtend(imm, 25);
        }
        return null;
    }

    /// <summary>B&lt;c&gt;.W (T3): S:J2:J1:imm6:imm11:'0', from the instruction's address + 4.</summary>
    private static long ConditionalWideOffset(int h1, int h2)
    {
        uint s = (uint)(h1 >> 10) & 1, j1 = (uint)(h2 >> 13) & 1, j2 = (uint)(h2 >> 11) & 1;
        var imm = (s << 20) | (j2 << 19) | (j1 << 18) | (((uint)h1 & 0x3f) << 12) | (((uint)h2 & 0x7ff) << 1);
        return SignExtend(imm, 21);
    }

    private static long ArmOffset(uint insn) => SignExtend((insn & 0x00ff_ffff) << 2, 26);

    private static long SignExtend(uint value, int bits) => (long)((ulong)value << (64 - bits)) >> (64 - bits);

    private static uint? Word(Engine engine, ulong address)
    {
        Span<byte> b = stackalloc byte[4];
        return engine.TryRead(address, b) ? BinaryPrimitives.ReadUInt32LittleEndian(b) : null;
    }

    private static int? Half(Engine engine, ulong address)
    {
        Span<byte> b = stackalloc byte[2];
        return engine.TryRead(address, b) ? BinaryPrimitives.ReadUInt16LittleEndian(b) : null;
    }

    private static int R(int n) => RegisterIds.Map[n switch { 13 => "sp", 14 => "lr", 15 => "pc", _ => $"r{n}" }];
}
