using Tpsim.Emulator.Isa;

namespace Tpsim.Arch.S390x;

/// <summary>
/// ABI register names to UC_S390X_REG_* ids (unicorn/s390x.h, Unicorn 2.0.1): r0-r15 are 1-16, the
/// PSW address (pc) 65 and mask 66. Unicorn 2.0.1 lists f0-f15 (17-32) but its s390x reg_read and
/// reg_write ignore them, so f0-f15 are mapped to their words in the saved CPU state instead
/// (<see cref="GuestRegisters"/>): QEMU's <c>CPUS390XState</c> starts with <c>uint64_t regs[16]</c>
/// followed by <c>S390Vector vregs[32]</c>, 16 bytes each, whose first doubleword is the FPR.
/// </summary>
internal static class RegisterIds
{
    /// <summary>UC_S390X_REG_PSWM: the PSW mask, whose EA and BA bits select the addressing mode.</summary>
    public const int Pswm = 66;

    /// <summary>Byte offset of <c>vregs</c> in the CPU state: after the sixteen 8-byte general registers.</summary>
    public const int VectorRegistersOffset = 16 * 8;

    /// <summary>
    /// The saved-state word of r0-r15 (<c>regs[16]</c> opens the state), for <see cref="S390xBackend.BulkReadId"/>: the
    /// per-call checks save the state for f8-f15 anyway, so the general registers come from the same copy.
    /// </summary>
    public static int StateWord(int id) => id is >= 1 and <= 16 ? GuestRegisters.ContextWord(8 * (id - 1)) : id;

    public static readonly RegisterMap Map = new(Build());

    private static Dictionary<string, int> Build()
    {
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var n = 0; n < 16; n++)
        {
            ids[$"r{n}"] = 1 + n;
            ids[$"f{n}"] = GuestRegisters.ContextWord(VectorRegistersOffset + 16 * n);
        }
        ids["pc"] = 65;
        ids["pswm"] = Pswm;
        return ids;
    }
}
