using Tpsim.Emulator.Isa;
using Tpsim.Emulator.Toolchain;
using Tpsim.Linux.Trees;

namespace Tpsim.Linux.Build;

/// <summary>One kbuild output directory (<c>O=</c>): a tree built for an ISA with a compiler and a config, ready for
/// <c>kernel/tracepoint.o</c> and out-of-tree modules (<c>M=</c>).</summary>
/// <param name="Directory">The <c>O=</c> directory.</param>
/// <param name="Seconds">How long the build took when it was made; the figure from its stamp when it came from the cache.</param>
/// <param name="FromCache">True when no make ran for it this time.</param>
public sealed record KernelBuild(KernelTree Tree, IsaBackend Isa, BuildSpec Build, string Directory, double Seconds, bool FromCache)
{
    /// <summary>The kernel core tpsim loads: kbuild's own object of kernel/tracepoint.c.</summary>
    public string TracepointObject => Path.Combine(Directory, "kernel", "tracepoint.o");

    /// <summary>"x86_64 clang/default": how progress lines and reports name the build.</summary>
    public string Name => $"{Isa.Name} {Build.Name}";
}
