using System.Buffers.Binary;

using Tpsim.Emulator.Isa;

namespace Tpsim.Arch.Mips64;

/// <summary>
/// Names the MIPS instructions that stop the CPU on purpose, from the big-endian instruction word.
/// Unicorn 2.0.1 raises them as QEMU's exception numbers through the interrupt hook: <c>break</c> 18
/// (EXCP_BREAK; the kernel's BUG() is <c>break 512</c>), the conditional traps <c>teq</c>, <c>tne</c>,
/// <c>tge</c>... and their immediate forms 22 (EXCP_TRAP), a reserved instruction 20 (EXCP_RI), an FPU
/// instruction with Status.CU1 clear 19 (EXCP_CpU), <c>syscall</c> 17.
/// </summary>
internal static class Traps
{
    public const uint Syscall = 17;
    public const uint Break = 18;
    public const uint CoprocessorUnusable = 19;
    public const uint ReservedInstruction = 20;
    public const uint Trap = 22;

    private static readonly string[] Names =
    [
        "zero", "at", "v0", "v1", "a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7", "t0", "t1", "t2", "t3",
        "s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7", "t8", "t9", "k0", "k1", "gp", "sp", "fp", "ra",
    ];

    public static DecodedInstruction Describe(ReadOnlySpan<byte> b)
    {
        if (b.Length < 4)
        {
            return DecodedInstruction.Other("bytes " + Convert.ToHexString(b).ToLowerInvariant());
        }
        var w = BinaryPrimitives.ReadUInt32BigEndian(b);
        var rs = Names[(int)(w >> 21 & 0x1f)];
        var rt = Names[(int)(w >> 16 & 0x1f)];
        switch (w >> 26)
        {
            case 0x00:
                var funct = w & 0x3f;
                switch (funct)
                {
                    case 0x0c:
                        return DecodedInstruction.Invalid("syscall");
                    case 0x0d:
                        // Two code fields as GNU as writes them: bits 25-16 and 15-6.
                        var (high, low) = (w >> 16 & 0x3ff, w >> 6 & 0x3ff);
                        return DecodedInstruction.Breakpoint((high, low) switch
                        {
                            (0, 0) => "break",
                            (_, 0) => $"break 0x{high:x}",
                            _ => $"break 0x{high:x}, 0x{low:x}",
                        });
                    case 0x30 or 0x31 or 0x32 or 0x33 or 0x34 or 0x36:
                        var name = funct switch
                        {
                            0x30 => "tge",
                            0x31 => "tgeu",
                            0x32 => "tlt",
                            0x33 => "tltu",
                            0x34 => "teq",
                            _ => "tne",
                        };
                        var code = w >> 6 & 0x3ff;
                        return DecodedInstruction.Invalid(code == 0 ? $"{name} ${rs}, ${rt}" : $"{name} ${rs}, ${rt}, 0x{code:x}");
                }
                break;
            case 0x01:
                var immediate = (w >> 16 & 0x1f) switch
                {
                    0x08 => "tgei",
                    0x09 => "tgeiu",
                    0x0a => "tlti",
                    0x0b => "tltiu",
                    0x0c => "teqi",
                    0x0e => "tnei",
                    _ => null,
                };
                if (immediate is not null)
                {
                    return DecodedInstruction.Invalid($"{immediate} ${rs}, {(short)(w & 0xffff)}");
                }
                break;
        }
        return DecodedInstruction.Other($"insn 0x{w:x8}");
    }

    /// <summary>The major opcodes of the loads and stores, for telling a data address error from a fetch.</summary>
    public static bool IsLoad(uint word) => (word >> 26) is 0x1a or 0x1b or (>= 0x20 and <= 0x27) or 0x30 or 0x31 or 0x34 or 0x35 or 0x37;

    public static bool IsStore(uint word) => (word >> 26) is 0x2c or 0x2d or (>= 0x28 and <= 0x2b) or 0x2e or 0x38 or 0x39 or 0x3c or 0x3d or 0x3f;
}
