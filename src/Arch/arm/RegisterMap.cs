using Tpsim.Emulator.Isa;

namespace Tpsim.Arch.Arm;

/// <summary>ABI register names to UC_ARM_REG_* ids (unicorn/arm.h, Unicorn 2.0.1).</summary>
internal static class RegisterIds
{
    public const int Cpsr = 3;

    /// <summary>CPSR.T: the CPU executes Thumb instructions.</summary>
    public const ulong CpsrThumb = 1UL << 5;

    public static readonly RegisterMap Map = new(Build());

    private static IEnumerable<KeyValuePair<string, int>> Build()
    {
        // r0..r12 are contiguous from 66; sp, lr and pc (r13-r15) have their own low ids.
        for (var i = 0; i <= 12; i++)
        {
            yield return new($"r{i}", 66 + i);
        }
        yield return new("sp", 12);
        yield return new("lr", 10);
        yield return new("pc", 11);
        yield return new("cpsr", Cpsr);
    }
}
