using Tpsim.Emulator.Isa;

namespace Tpsim.Arch.Mips64;

/// <summary>
/// n64 register names to UC_MIPS_REG_* ids (unicorn/mips.h, Unicorn 2.0.1): pc is 1 and $n is 2 + n.
/// In n64, $8-$11 are the argument registers a4-a7 and t0-t3 are $12-$15 (o32 calls $8-$15 t0-t7).
/// Unicorn 2.0.1's MIPS reg_read and reg_write know no FPU register (UC_MIPS_REG_F0..F31 are accepted and
/// ignored), so f0-f31 map to their words in the saved CPU state (<see cref="GuestRegisters"/>): QEMU's
/// <c>CPUMIPSState</c> starts with <c>TCState active_tc</c> (824 bytes in this build), then
/// <c>active_fpu.fpr[32]</c>, 16 bytes each, whose first doubleword is the 64-bit FPR (Status.FR = 1).
/// <c>badvaddr</c> is CP0 BadVAddr, which Unicorn does not expose either, at byte 1608 of the state.
/// Tests prove every offset against the guest's own view of the register.
/// </summary>
internal static class RegisterIds
{
    /// <summary>UC_MIPS_REG_CP0_STATUS: a write recomputes QEMU's hflags (kernel mode, 64-bit ops, FPU).</summary>
    public const int Status = 139;

    /// <summary>Byte offset of <c>active_fpu.fpr[0]</c> in the CPU state.</summary>
    public const int FloatRegistersOffset = 824;

    /// <summary>Byte offset of <c>CP0_BadVAddr</c> in the CPU state.</summary>
    public const int BadVAddrOffset = 1608;

    private static readonly string[] Names =
    [
        "zero", "at", "v0", "v1", "a0", "a1", "a2", "a3",
        "a4", "a5", "a6", "a7", "t0", "t1", "t2", "t3",
        "s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7",
        "t8", "t9", "k0", "k1", "gp", "sp", "fp", "ra",
    ];

    public static readonly RegisterMap Map = new(Build());

    private static Dictionary<string, int> Build()
    {
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var n = 0; n < 32; n++)
        {
            ids[Names[n]] = 2 + n;
            ids[$"${n}"] = 2 + n;
            ids[$"f{n}"] = GuestRegisters.ContextWord(FloatRegistersOffset + 16 * n);
        }
        ids["s8"] = ids["fp"];
        ids["pc"] = 1;
        ids["status"] = Status;
        ids["badvaddr"] = GuestRegisters.ContextWord(BadVAddrOffset);
        return ids;
    }
}
