using Tpsim.Arch.Ppc64;
using Tpsim.Emulator.Toolchain;

namespace Tpsim.Tests.Arch.Ppc64;

/// <summary>
/// <see cref="BackendLoadHarness{TBackend}"/> for ppc64 (64-bit hypervisor real mode, ELFv1): functions are called
/// through their descriptors, and the host symbols exercise #ha carries, every 16-bit part of a 64-bit value and
/// DS-form displacements.
/// </summary>
public sealed class Ppc64LoadHarness(Compiler compiler) : BackendLoadHarness<Ppc64Backend>(compiler, HelperBaseAddress, new Dictionary<string, ulong>
{
    ["host_low"] = LoadHarness.HostLow,
    ["host_small"] = LoadHarness.HostSmall,
    ["host_ha"] = HostHa,
    ["host_wide"] = HostWide,
    ["host_ds"] = HostDs,
    ["host_odd"] = HostOdd,
    ["host_far"] = HostFar,
})
{
    public const ulong HostLow = LoadHarness.HostLow;
    public const ulong HostSmall = LoadHarness.HostSmall;

    /// <summary>A low half with the sign bit set, so #ha differs from #hi.</summary>
    public const ulong HostHa = 0x1234_9abc;

    /// <summary>A 64-bit value whose every half but the top one is negative as a signed 16-bit number.</summary>
    public const ulong HostWide = 0x1234_9abc_def0_8642;

    /// <summary>A displacement for a DS-form load: a multiple of 4.</summary>
    public const ulong HostDs = 0x10;

    /// <summary>A displacement no DS-form instruction can encode.</summary>
    public const ulong HostOdd = 0x11;

    /// <summary>Above 4 GiB: out of reach of a 32-bit #hi/#lo pair.</summary>
    public const ulong HostFar = LoadHarness.HostFar;

    public const ulong FixtureBase = 0x4000_0000;
    private const ulong HelperBaseAddress = 0x4010_0000;
}
