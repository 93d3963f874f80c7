using Tpsim.Arch.Mips64;
using Tpsim.Emulator.Toolchain;

namespace Tpsim.Tests.Arch.Mips64;

/// <summary><see cref="BackendLoadHarness{TBackend}"/> for mips64 (n64, MIPS64r2, FPU on), with a host symbol whose every %higher/%hi/%lo part carries.</summary>
public sealed class Mips64LoadHarness(Compiler compiler) : BackendLoadHarness<Mips64Backend>(compiler, HelperBaseAddress, new Dictionary<string, ulong>
{
    ["host_low"] = LoadHarness.HostLow,
    ["host_small"] = LoadHarness.HostSmall,
    ["host_far"] = LoadHarness.HostFar,
    ["host_high"] = HostHigh,
})
{
    public const ulong HostLow = LoadHarness.HostLow;
    public const ulong HostSmall = LoadHarness.HostSmall;
    public const ulong HostFar = LoadHarness.HostFar;

    /// <summary>Above 2^47, with every 16-bit part below the top one at 0x8000 or more: each %higher/%hi/%lo carry counts.</summary>
    public const ulong HostHigh = 0x7ffe_8001_8002_8003;

    public const ulong FixtureBase = 0x4000_0000;
    private const ulong HelperBaseAddress = 0x4001_0000;

    /// <summary>True when some line of llvm-readelf-19 -r names <paramref name="type"/> as the first of its n64 triple.</summary>
    public static bool HasType(string relocations, string type) =>
        relocations.Split('\n').Any(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Any(w => w.Split('/')[0] == type));
}
