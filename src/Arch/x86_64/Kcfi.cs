using System.Buffers.Binary;
using Tpsim.Emulator.Isa;
using Tpsim.Emulator.Unicorn;

namespace Tpsim.Arch.X86_64;

/// <summary>
/// Decodes a failed Clang <c>-fsanitize=kcfi</c> call check at its <c>ud2</c>. clang-19 emits, right
/// before each checked indirect call or jump through <c>%reg</c>:
/// <code>
///   41 ba imm32        movl  $-HASH, %r10d         (%r11d, 41 bb, when the target is in %r10)
///   44|45 03 modrm ..  addl  -(P+4)(%reg), %r10d   (disp8, or disp32; SIB 0x24 when reg is %rsp/%r12)
///   74 02              je    1f
///   0f 0b              ud2                          &lt;- trap pc
/// 1: call *%reg / jmp *%reg / cs call __x86_indirect_thunk_r11
/// </code>
/// Every function gets a <c>__cfi_&lt;fn&gt;</c> preamble (NOP padding, then <c>movl $HASH, %eax</c>), so
/// the hash sits at fn-4; with <c>-fpatchable-function-entry=N,P</c> the P prefix NOPs follow the preamble
/// and the hash sits at fn-(P+4), which the check's displacement says. The check leaves
/// <c>%r10d = word - HASH</c> and <c>%reg</c> = target; the word is read again from memory at target+disp.
/// </summary>
internal static class Kcfi
{
    // ModRM/SIB register numbers 0-15 (with REX.B) to ABI names.
    private static readonly string[] Gpr =
        ["rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi", "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15"];

    private const int MovLength = 6; // REX.B, B8+r, imm32

    public static KcfiCheck? Decode(Engine engine, ulong pc)
    {
        // ud2, and before it "je +2" that skips exactly the ud2.
        if (!Read(engine, pc - 2, 4, out var tail) || tail is not [0x74, 0x02, 0x0f, 0x0b])
        {
            return null;
        }
        // The add ends at pc-2; its length depends on SIB and displacement size.
        foreach (var addLength in (int[])[4, 5, 7, 8])
        {
            if (!TryAdd(engine, pc - 2 - (ulong)addLength, addLength, out var temp, out var target, out var disp)
                || !Read(engine, pc - 2 - (ulong)addLength - MovLength, MovLength, out var mov)
                || mov[0] != 0x41 || mov[1] != 0xb8 + (temp & 7))
            {
                continue;
            }
            var expected = 0u - BinaryPrimitives.ReadUInt32LittleEndian(mov.AsSpan(2));
            var targetAddress = engine.ReadRegister(RegisterIds.Map[Gpr[target]]);
            var word = new byte[4];
            var targetType = engine.TryRead(targetAddress + (ulong)(long)disp, word)
                ? BinaryPrimitives.ReadUInt32LittleEndian(word)
                : (uint)engine.ReadRegister(RegisterIds.Map[Gpr[temp]]) + expected;
            return new KcfiCheck(expected, targetType, targetAddress);
        }
        return null;
    }

    /// <summary>
    /// <c>addl disp(%base), %r10d|%r11d</c> of exactly <paramref name="length"/> bytes at <paramref name="at"/>:
    /// REX with R set (W and X clear), opcode 03, ModRM with mod 01 (disp8) or 10 (disp32), and for a base of
    /// %rsp/%r12 the SIB byte 0x24 (no index).
    /// </summary>
    private static bool TryAdd(Engine engine, ulong at, int length, out int temp, out int target, out int disp)
    {
        temp = target = disp = 0;
        if (!Read(engine, at, length, out var b) || (b[0] & 0xfe) != 0x44 || b[1] != 0x03)
        {
            return false;
        }
        var modrm = b[2];
        var mod = modrm >> 6;
        var reg = 8 | ((modrm >> 3) & 7);
        var rm = modrm & 7;
        var hasSib = rm == 4;
        var dispAt = hasSib ? 4 : 3;
        var disp32 = mod == 2;
        if (mod is not (1 or 2) || reg is not (10 or 11) || length != dispAt + (disp32 ? 4 : 1) || (hasSib && b[3] != 0x24))
        {
            return false;
        }
        temp = reg;
        target = ((b[0] & 1) << 3) | rm;
        disp = disp32 ? BinaryPrimitives.ReadInt32LittleEndian(b.AsSpan(dispAt)) : (sbyte)b[dispAt];
        return target != temp;
    }

    private static bool Read(Engine engine, ulong at, int length, out byte[] bytes)
    {
        bytes = new byte[length];
        return engine.TryRead(at, bytes);
    }
}
