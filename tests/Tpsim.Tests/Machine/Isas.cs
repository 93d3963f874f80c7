using Tpsim.Arch.Arm;
using Tpsim.Arch.Arm64;
using Tpsim.Arch.I386;
using Tpsim.Arch.Riscv64;
using Tpsim.Arch.X86_64;
using Tpsim.Emulator.Isa;
using Tpsim.KernelSim.Strategies;

namespace Tpsim.Tests.Machine;

/// <summary>Every ISA and strategy by name, for theories that must cover the whole grid.</summary>
internal static class Isas
{
    /// <summary>The ISAs the simulated kernel runs on (64-bit layouts).</summary>
    public static readonly string[] Names = ["x86_64", "arm64", "riscv64"];

    /// <summary>Every ISA the matrix runs on.</summary>
    public static readonly string[] MatrixNames = [.. Names, "i386", "s390x", "arm", "mips64", "ppc64"];

    public static IsaBackend Create(string name) => name switch
    {
        "x86_64" => new X86_64Backend(),
        "arm64" => new Arm64Backend(),
        "riscv64" => new Riscv64Backend(),
        "i386" => new I386Backend(),
        "arm" => new ArmBackend(),
        "s390x" => new Tpsim.Arch.S390x.S390xBackend(),
        "mips64" => new Tpsim.Arch.Mips64.Mips64Backend(),
        "ppc64" => new Tpsim.Arch.Ppc64.Ppc64Backend(),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };

    public static RemovalStrategy Strategy(string name) =>
        Strategies.TryGet(name, out var s) ? s : throw new ArgumentOutOfRangeException(nameof(name), name, null);
}
