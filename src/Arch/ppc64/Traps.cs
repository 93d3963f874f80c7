using System.Buffers.Binary;

using Tpsim.Emulator.Isa;

namespace Tpsim.Arch.Ppc64;

/// <summary>
/// Names the ppc64 instructions that stop the CPU on purpose or by accident, as Unicorn 2.0.1's POWER10 in
/// hypervisor real mode reports them:
/// <list type="bullet">
/// <item>the trap instructions tw, td, twi and tdi (<c>trap</c> is tw 31,0,0, what the kernel's BUG() and
/// breakpoints execute): program interrupt 6;</item>
/// <item>an unassigned or unimplemented opcode, such as the word 0: hypervisor emulation assistance, 96;</item>
/// <item>a floating-point instruction while MSR[FP] is 0, as it is in the kernel outside enable_kernel_fp():
/// FP unavailable, 7;</item>
/// <item>sc: system call, 8.</item>
/// </list>
/// Instructions are 4 bytes, big-endian.
/// </summary>
internal static class Traps
{
    public static DecodedInstruction Describe(ReadOnlySpan<byte> b)
    {
        if (b.Length < 4)
        {
            return DecodedInstruction.Other("bytes " + Convert.ToHexString(b).ToLowerInvariant());
        }
        var insn = BinaryPrimitives.ReadUInt32BigEndian(b);
        var primary = insn >> 26;
        var to = (insn >> 21) & 31;
        var ra = (insn >> 16) & 31;
        var rb = (insn >> 11) & 31;
        var xo = (insn >> 1) & 0x3ff;
        var simm = (short)(insn & 0xffff);
        switch (primary)
        {
            case 31 when xo == 4 && to == 31 && ra == 0 && rb == 0:
                return DecodedInstruction.Breakpoint("trap");
            case 31 when xo == 4:
                return DecodedInstruction.Breakpoint($"tw {to},r{ra},r{rb}");
            case 31 when xo == 68:
                return DecodedInstruction.Breakpoint($"td {to},r{ra},r{rb}");
            case 3:
                return DecodedInstruction.Breakpoint($"twi {to},r{ra},{simm}");
            case 2:
                return DecodedInstruction.Breakpoint($"tdi {to},r{ra},{simm}");
            case 17 when (insn & 2) != 0:
                return DecodedInstruction.Invalid("sc");
            case 63 when xo == 72:
                return DecodedInstruction.Invalid($"fmr f{to},f{rb} (fp unavailable)");
            case 59 or 63 or (>= 48 and <= 55) or 57 or 61:
                return DecodedInstruction.Invalid($"fp insn 0x{insn:x8} (fp unavailable)");
            default:
                return DecodedInstruction.Other($"insn 0x{insn:x8}");
        }
    }
}
