using System.Buffers.Binary;
using Tpsim.Emulator.Isa;
using Tpsim.Emulator.Unicorn;

namespace Tpsim.Arch.Arm64;

/// <summary>
/// Decodes a failed Clang <c>-fsanitize=kcfi</c> call check at its <c>brk</c>. clang-19 emits, right
/// before each checked <c>blr xA</c> / <c>br xA</c>:
/// <code>
///   ldur  wL, [xA, #-(4P+4)]     L = 16 (9 when A is x16)
///   movk  wT, #HASH[15:0]         T = 17 (9 when A is x17); two MOVKs define all of wT
///   movk  wT, #HASH[31:16], lsl #16
///   cmp   wL, wT
///   b.eq  1f
///   brk   #(0x8000 | T &lt;&lt; 5 | A)  &lt;- trap pc
/// 1: blr xA
/// </code>
/// The callee's hash is a <c>.word</c> right before the function (before the P prefix NOPs with
/// <c>-fpatchable-function-entry=N,P</c>). The BRK immediate names the type and target registers, as the
/// kernel's handler reads them; tpsim checks the whole sequence, takes the expected hash from the two
/// MOVK immediates and the word the check read from wL.
/// </summary>
internal static class Kcfi
{
    private const uint BrkMask = 0xffe0001f;
    private const uint Brk = 0xd4200000;
    private const uint BEqPlus8 = 0x54000040;

    public static KcfiCheck? Decode(Engine engine, ulong pc)
    {
        var code = new byte[24];
        if (pc < 20 || !engine.TryRead(pc - 20, code))
        {
            return null;
        }
        uint At(int i) => BinaryPrimitives.ReadUInt32LittleEndian(code.AsSpan(4 * i));
        var (ldur, movkLo, movkHi, cmp, beq, brk) = (At(0), At(1), At(2), At(3), At(4), At(5));

        // brk #imm with imm = 0x8000 | T << 5 | A (bits 14:10 clear).
        if ((brk & BrkMask) != Brk)
        {
            return null;
        }
        var imm = (brk >> 5) & 0xffff;
        if ((imm & 0xfc00) != 0x8000)
        {
            return null;
        }
        var t = (imm >> 5) & 31;
        var a = imm & 31;

        // b.eq +8; cmp wL, wT (subs wzr, wL, wT, no shift); movk wT (hw 0, then hw 1); ldur wL, [xA, #simm9].
        if (beq != BEqPlus8
            || (cmp & 0xffe0fc1f) != 0x6b00001f || ((cmp >> 16) & 31) != t
            || (movkLo & 0xffe0001f) != (0x72800000 | t)
            || (movkHi & 0xffe0001f) != (0x72a00000 | t)
            || (ldur & 0xffe00c00) != 0xb8400000)
        {
            return null;
        }
        var l = (cmp >> 5) & 31;
        if ((ldur & 31) != l || ((ldur >> 5) & 31) != a || l == 31 || t == 31 || a == 31 || l == t || l == a || t == a)
        {
            return null;
        }
        var expected = (((movkHi >> 5) & 0xffff) << 16) | ((movkLo >> 5) & 0xffff);
        var targetType = (uint)engine.ReadRegister(X(l));
        var target = engine.ReadRegister(X(a));
        return new KcfiCheck(expected, targetType, target);
    }

    private static int X(uint n) => RegisterIds.Map[$"x{n}"];
}
