using Tpsim.Emulator.Isa;

namespace Tpsim.Arch.Riscv64;

/// <summary>ABI register names to UC_RISCV_REG_* ids (unicorn/riscv.h, Unicorn 2.0.1).</summary>
internal static class RegisterIds
{
    public const int Mstatus = 116;

    private static readonly string[] IntegerNames =
    [
        "zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1", "a0", "a1", "a2", "a3", "a4", "a5",
        "a6", "a7", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6",
    ];

    private static readonly string[] FloatNames =
    [
        "ft0", "ft1", "ft2", "ft3", "ft4", "ft5", "ft6", "ft7", "fs0", "fs1", "fa0", "fa1", "fa2", "fa3", "fa4", "fa5",
        "fa6", "fa7", "fs2", "fs3", "fs4", "fs5", "fs6", "fs7", "fs8", "fs9", "fs10", "fs11", "ft8", "ft9", "ft10", "ft11",
    ];

    /// <summary>
    /// Byte offsets in QEMU's <c>CPURISCVState</c> (Unicorn 2.0.1), which starts <c>target_ulong gpr[32]</c> then
    /// <c>uint64_t fpr[32]</c>: saving the whole 1.5 KB state and reading words from it takes about 30 ns here, reading
    /// 17 registers through uc_reg_read_batch about 230 ns (tests/.../Arch/riscv64/StateWordsTests proves the offsets).
    /// </summary>
    public const int IntegerRegistersOffset = 0;

    public const int FloatRegistersOffset = 32 * 8;

    /// <summary>
    /// <c>mstatus</c> in the state: after pc and eight more words (load_res .. misa_mask), the 4-byte features word
    /// padded to 8, then priv, virt, resetvec and mhartid. The per-call checks read its FS field at every return.
    /// </summary>
    public const int MstatusOffset = 624;

    /// <summary>The saved-state word of x1..x31, f0..f31 and mstatus (<see cref="Riscv64Backend.BulkReadId"/>); other ids as they are.</summary>
    public static int StateWord(int id) => id switch
    {
        >= 2 and <= 32 => GuestRegisters.ContextWord(IntegerRegistersOffset + 8 * (id - 1)),
        >= 158 and <= 189 => GuestRegisters.ContextWord(FloatRegistersOffset + 8 * (id - 158)),
        Mstatus => GuestRegisters.ContextWord(MstatusOffset),
        _ => id,
    };

    // Declared after the name tables: static initializers run in textual order.
    public static readonly RegisterMap Map = new(Build());

    private static IEnumerable<KeyValuePair<string, int>> Build()
    {
        // UC_RISCV_REG_X0 = 1 .. X31 = 32; F0 = 158 .. F31 = 189; PC = 190.
        for (var i = 0; i < 32; i++)
        {
            yield return new(IntegerNames[i], 1 + i);
            yield return new(FloatNames[i], 158 + i);
        }
        yield return new("pc", 190);
    }
}
