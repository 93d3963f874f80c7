using Tpsim.Arch.S390x;
using Tpsim.Emulator.Toolchain;

namespace Tpsim.Tests.Arch.S390x;

/// <summary><see cref="BackendLoadHarness{TBackend}"/> for s390x: 64-bit addressing, AFP on, and the halt interrupt Unicorn 2.0.1 raises.</summary>
public sealed class S390xLoadHarness(Compiler compiler) : BackendLoadHarness<S390xBackend>(compiler, IsaUnderTest.S390x.HelperBase, new Dictionary<string, ulong>
{
    ["host_low"] = LoadHarness.HostLow,
    ["host_small"] = LoadHarness.HostSmall,
    ["host_tiny"] = LoadHarness.HostTiny,
    ["host_far"] = LoadHarness.HostFar,
}, haltMayInterrupt: true)
{
    public const ulong HostLow = LoadHarness.HostLow;
    public const ulong HostSmall = LoadHarness.HostSmall;
    public const ulong HostTiny = LoadHarness.HostTiny;
    public const ulong HostFar = LoadHarness.HostFar;

    public IsaUnderTest Isa => IsaUnderTest.S390x;
}
