using Tpsim.Arch;
using Tpsim.Emulator.Isa;
using Tpsim.KernelSim.Strategies;

namespace Tpsim.Tests;

/// <summary>Every ISA and strategy by name, for theories that must cover the whole grid; the ISAs come from <see cref="IsaRegistry"/>.</summary>
internal static class Isas
{
    /// <summary>The 64-bit ISAs whose kernel builds have Clang kCFI (x86_64, arm64, riscv64), for the kCFI decoder tests.</summary>
    public static readonly string[] Names =
        [.. IsaRegistry.All.Where(i => i.Abi.PointerSize == 8 && i.Toolchain.Configs.ContainsKey(global::Tpsim.Emulator.Toolchain.BuildConfigs.Kcfi.Name)).Select(i => i.Name)];

    /// <summary>Every ISA the matrix runs on.</summary>
    public static readonly string[] MatrixNames = [.. IsaRegistry.Names];

    public static IsaBackend Create(string name) => IsaRegistry.Create(name);

    /// <summary>
    /// For each strategy, one whose seed expectations differ from its own: the negative controls run a strategy against
    /// its partner's expectations, which must fail (model and real tree alike).
    /// </summary>
    public static IReadOnlyDictionary<string, string> WrongPartners { get; } = new Dictionary<string, string>
    {
        ["fail"] = "stub", ["nofail"] = "stub", ["sentinel"] = "stub", ["stub"] = "nofail",
        ["double-array"] = "stub", ["typed-stub"] = "skip", ["skip"] = "skip-fixed", ["skip-fixed"] = "skip",
    };

    public static RemovalStrategy Strategy(string name) =>
        KernelStrategies.TryGet(name, out var s) ? s : throw new ArgumentOutOfRangeException(nameof(name), name, null);
}
