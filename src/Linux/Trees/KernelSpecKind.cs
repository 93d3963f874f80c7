namespace Tpsim.Linux.Trees;

/// <summary>What a <c>--kernel</c> value names.</summary>
public enum KernelSpecKind
{
    /// <summary>tpsim's simulated kernel (KernelSim): generated C and a C# model of kernel/tracepoint.c.</summary>
    Model,

    /// <summary>A Linux source tree Debian packages (<c>linux-6.12</c>: linux-source-6.12), unpacked once into the cache.</summary>
    Package,

    /// <summary>A kernel source tree at a path: a maintainer's checkout.</summary>
    Tree,
}
