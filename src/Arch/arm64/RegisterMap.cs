using Tpsim.Emulator.Isa;

namespace Tpsim.Arch.Arm64;

/// <summary>ABI register names to UC_ARM64_REG_* ids (unicorn/arm64.h, Unicorn 2.0.1).</summary>
internal static class RegisterIds
{
    public const int CpacrEl1 = 261;

    public static readonly RegisterMap Map = new(Build());

    private static IEnumerable<KeyValuePair<string, int>> Build()
    {
        // x0..x28 are contiguous from 199; x29 (fp) and x30 (lr) have their own low ids.
        for (var i = 0; i <= 28; i++)
        {
            yield return new($"x{i}", 199 + i);
        }
        yield return new("x29", 1);
        yield return new("x30", 2);
        yield return new("sp", 4);
        yield return new("pc", 260);
        for (var i = 0; i <= 31; i++)
        {
            yield return new($"d{i}", 40 + i);
        }
    }
}
