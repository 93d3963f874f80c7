using Tpsim.Linux;
using Tpsim.Linux.Trees;
using Xunit;

namespace Tpsim.Tests.Linux.Trees;

/// <summary>
/// A user's tree is checked, never written: patches go to a private copy in the cache. These use a small tree with
/// the files tpsim checks for; KernelBuildsTests does the same against Debian's linux-source-6.12.
/// </summary>
public sealed class KernelTreesTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("tpsim-trees-").FullName;

    private string Tree(string version = "VERSION = 6\nPATCHLEVEL = 12\nSUBLEVEL = 0\nEXTRAVERSION =\n")
    {
        var root = Path.Combine(_work, "linux");
        Directory.CreateDirectory(Path.Combine(root, "kernel"));
        Directory.CreateDirectory(Path.Combine(root, "include", "linux"));
        Directory.CreateDirectory(Path.Combine(root, "scripts"));
        File.WriteAllText(Path.Combine(root, "Makefile"), version);
        File.WriteAllText(Path.Combine(root, "kernel", "tracepoint.c"), "line one\nline two\nline three\n");
        File.WriteAllText(Path.Combine(root, "include", "linux", "tracepoint.h"), "");
        File.WriteAllText(Path.Combine(root, "scripts", "config"), "");
        return root;
    }

    private KernelTrees Trees() => new(new KernelCache(Path.Combine(_work, "cache")));

    private string Patch(string name, string text)
    {
        var path = Path.Combine(_work, name);
        File.WriteAllText(path, text);
        return path;
    }

    private const string Good = "--- a/kernel/tracepoint.c\n+++ b/kernel/tracepoint.c\n@@ -1,3 +1,3 @@\n line one\n-line two\n+line 2\n line three\n";

    [Fact]
    public void A_patch_applies_to_a_private_copy_and_the_users_tree_is_left_as_it_was()
    {
        var root = Tree();
        var tree = Trees().Open(KernelSpec.Parse(root), [Patch("good.patch", Good)]);
        Assert.NotEqual(root, tree.Root);
        Assert.Equal("line one\nline 2\nline three\n", File.ReadAllText(Path.Combine(tree.Root, "kernel", "tracepoint.c")));
        // The copy is hard-linked where it can be: patch must have replaced the file, not written through the link.
        Assert.Equal("line one\nline two\nline three\n", File.ReadAllText(Path.Combine(root, "kernel", "tracepoint.c")));
        Assert.Single(tree.Patches);
        Assert.EndsWith("+ 1 patch", tree.Describe(), StringComparison.Ordinal);
        // The same tree and patch again: the cached copy.
        Assert.Equal(tree.Root, Trees().Open(KernelSpec.Parse(root), [Path.Combine(_work, "good.patch")]).Root);
    }

    [Fact]
    public void A_patch_that_does_not_apply_names_the_file_and_shows_the_rejected_hunk_and_leaves_nothing_cached()
    {
        var root = Tree();
        var bad = Patch("bad.patch", "From 1 Mon Sep 17 00:00:00 2001\nSubject: [PATCH] x\n\n---\n"
            + "--- a/kernel/tracepoint.c\n+++ b/kernel/tracepoint.c\n@@ -1,3 +1,3 @@\n line one\n-line 7\n+line 8\n line three\n-- \n2.39.5\n");
        var ex = Assert.Throws<KernelInputException>(() => Trees().Open(KernelSpec.Parse(root), [bad]));
        Assert.Contains("does not apply", ex.Message, StringComparison.Ordinal);
        Assert.Contains("kernel/tracepoint.c: hunk #1 FAILED", ex.Message, StringComparison.Ordinal);
        Assert.Contains("-line 7\n+line 8", ex.Message, StringComparison.Ordinal);
        var trees = Path.Combine(_work, "cache", "kernel", "trees");
        Assert.Empty(Directory.EnumerateDirectories(trees));
    }

    /// <summary>A tree the strategy patches do not fit (here, a tree with a different tracepoint.c): the message names the strategy and the hunk.</summary>
    [Fact]
    public void A_strategy_whose_patch_does_not_apply_is_named_with_the_rejected_hunk()
    {
        var root = Tree();
        var cache = new KernelCache(Path.Combine(_work, "cache"));
        var skip = Tpsim.Linux.Strategies.LinuxStrategies.PatchFile(cache, "skip")!;
        var ex = Assert.Throws<KernelInputException>(() => new KernelTrees(cache).Open(KernelSpec.Parse(root), [skip]));
        Assert.StartsWith("--strategy skip's patch does not apply: ", ex.Message, StringComparison.Ordinal);
        Assert.Contains("hunk #1 FAILED", ex.Message, StringComparison.Ordinal);
        // The user's own patch is named as given.
        Assert.Null(Tpsim.Linux.Strategies.LinuxStrategies.StrategyOfPatchFile(Path.Combine(_work, "skip-0123.patch")));
    }

    [Fact]
    public void Bad_trees_and_bad_patch_files_are_refused_with_one_message()
    {
        var empty = Directory.CreateDirectory(Path.Combine(_work, "empty")).FullName;
        var notTree = Assert.Throws<KernelInputException>(() => Trees().Open(KernelSpec.Parse(empty)));
        Assert.Contains("not a Linux kernel source tree (Makefile is missing)", notTree.Message, StringComparison.Ordinal);

        var old = Tree("VERSION = 5\nPATCHLEVEL = 10\nSUBLEVEL = 1\n");
        var tooOld = Assert.Throws<KernelInputException>(() => Trees().Open(KernelSpec.Parse(old)));
        Assert.Contains("5.10.1 is older than 5.12.0", tooOld.Message, StringComparison.Ordinal);

        var root = Tree();
        var notDiff = Assert.Throws<KernelInputException>(() => Trees().Open(KernelSpec.Parse(root), [Patch("notes.txt", "just words\n")]));
        Assert.Contains("not a unified diff", notDiff.Message, StringComparison.Ordinal);
        var missing = Assert.Throws<KernelInputException>(() => Trees().Open(KernelSpec.Parse(root), [Path.Combine(_work, "nope.patch")]));
        Assert.Contains("no such file", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_edit_to_the_tree_changes_its_identity()
    {
        var root = Tree();
        var before = Trees().Open(KernelSpec.Parse(root)).Identity;
        Assert.Equal(before, Trees().Open(KernelSpec.Parse(root)).Identity);
        File.AppendAllText(Path.Combine(root, "kernel", "tracepoint.c"), "line four\n");
        Assert.NotEqual(before, Trees().Open(KernelSpec.Parse(root)).Identity);
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);
}
