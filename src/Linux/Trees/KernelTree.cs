namespace Tpsim.Linux.Trees;

/// <summary>
/// A kernel source tree ready for kbuild: where it is, its version, and an identity that changes whenever its
/// content does (the package's version; for a user's tree, every file's path, size and modification time), plus the
/// patches applied to this private copy, if any.
/// </summary>
public sealed record KernelTree(KernelSpec Spec, string Root, KernelVersion Version, string Identity)
{
    /// <summary>The patch files applied, in order; empty for the tree as it is.</summary>
    public IReadOnlyList<string> Patches { get; init; } = [];

    /// <summary>"linux-6.12 (6.12.118)", "~/linux (6.13.0-rc1) + 2 patches": how reports name it.</summary>
    public string Describe() =>
        $"{Spec.Text} ({Version}){(Patches.Count == 0 ? "" : $" + {Patches.Count} patch{(Patches.Count == 1 ? "" : "es")}")}";
}
