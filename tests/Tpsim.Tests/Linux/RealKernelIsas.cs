using Xunit;

namespace Tpsim.Tests.Linux;

/// <summary>The ISAs tpsim runs a real kernel on (a KernelRuntime and a KernelTarget), in matrix order, for the real-kernel tests.</summary>
internal static class RealKernelIsas
{
    public static IReadOnlyList<string> Names { get; } =
        [.. Isas.MatrixNames.Where(n => Isas.Create(n) is { KernelRuntime: not null, Toolchain.Kernel: not null })];

    /// <summary>Those whose kernel has <paramref name="config"/> (kcfi: not i386).</summary>
    public static IReadOnlyList<string> With(string config) =>
        [.. Names.Where(n => Isas.Create(n).Toolchain.Kernel!.Options.ContainsKey(config))];

    public static TheoryData<string> Data() => [.. Names];
}
