using Tpsim.Arch;
using Tpsim.Emulator.Isa;
using Tpsim.Linux;
using Tpsim.Linux.Trees;

namespace Tpsim.Cli;

/// <summary>Resolves <c>--kernel</c> and the ISAs a real kernel is built for.</summary>
public static class KernelOptions
{
    public static KernelSpec Spec(string text) =>
        KernelSpec.TryParse(text, out var spec, out var error) ? spec : throw new UsageException(error!);

    /// <summary>The ISAs whose kernel tpsim builds, in registry order.</summary>
    public static IReadOnlyList<IsaBackend> KernelIsas => [.. IsaRegistry.All.Where(i => i.Toolchain.Kernel is not null)];

    /// <summary><c>--arch</c> for a real kernel: default and <c>all</c> mean every ISA with a kernel build.</summary>
    public static IReadOnlyList<IsaBackend> Isas(string? spec)
    {
        if (spec is null || string.Equals(spec.Trim(), "all", StringComparison.OrdinalIgnoreCase))
        {
            return KernelIsas;
        }
        var isas = IsaCatalog.ResolveList(spec);
        foreach (var isa in isas.Where(i => i.Toolchain.Kernel is null))
        {
            throw new UsageException($"tpsim builds no real kernel for {isa.Name} yet; real-kernel ISAs: {string.Join(", ", KernelIsas.Select(i => i.Name))}");
        }
        return isas;
    }
}
