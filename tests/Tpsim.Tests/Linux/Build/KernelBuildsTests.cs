using LibObjectFile.Elf;
using Tpsim.Emulator.Toolchain;
using Tpsim.Linux;
using Tpsim.Linux.Build;
using Tpsim.Linux.Trees;
using Xunit;

namespace Tpsim.Tests.Linux.Build;

/// <summary>
/// kbuild on Debian's linux-source-6.12, for each ISA tpsim builds a kernel for: kernel/tracepoint.o comes out as the
/// ISA's own ELF object, a second request runs no make, and a tree that does not build is one message naming the
/// log and the compiler's error, with nothing left in the cache. Real builds: the first run here takes minutes.
/// </summary>
[Collection(KernelBuildCollection.Name)]
public sealed class KernelBuildsTests
{
    private static readonly KernelCache Cache = new(Compiler.DefaultCacheDirectory());

    public static TheoryData<string> KernelIsas() => [.. Isas.MatrixNames.Where(n => Isas.Create(n).Toolchain.Kernel is not null)];

    [Fact]
    public void The_kernel_isas_are_the_three_the_issue_names_and_i386_s390x_arm_mips64()
    {
        Assert.Equal(["x86_64", "arm64", "riscv64", "i386", "s390x", "arm", "mips64", "ppc64"], Isas.MatrixNames.Where(n => Isas.Create(n).Toolchain.Kernel is not null));
    }

    [Theory]
    [MemberData(nameof(KernelIsas))]
    public void Tracepoint_o_is_built_for_the_isa_and_a_second_request_runs_no_make(string name)
    {
        var isa = Isas.Create(name);
        var tree = new KernelTrees(Cache).Open(KernelSpec.Parse("linux-6.12"));
        Assert.Equal("6.12.118", tree.Version.ToString());
        var builds = new KernelBuilds(Cache);
        var build = builds.Prepare(tree, isa, BuildSpec.Default);
        using (var stream = File.OpenRead(build.TracepointObject))
        {
            var elf = ElfFile.Read(stream);
            Assert.Equal(ElfFileType.Relocatable, elf.FileType);
            Assert.Equal(isa.Relocator.Machine, (ushort)elf.Arch.Value);
            var symbols = elf.Sections.OfType<ElfSymbolTable>().Single().Entries.Select(e => e.Name.Value).ToHashSet();
            Assert.Contains("tracepoint_probe_register", symbols);
            Assert.Contains("tp_stub_func", symbols);
        }
        var makes = KernelBuilds.MakeRuns;
        var again = builds.Prepare(new KernelTrees(Cache).Open(KernelSpec.Parse("linux-6.12")), isa, BuildSpec.Default);
        Assert.True(again.FromCache);
        Assert.Equal(build.Directory, again.Directory);
        Assert.Equal(makes, KernelBuilds.MakeRuns);
        // modules_prepare ran: out-of-tree modules link with this script.
        Assert.True(File.Exists(Path.Combine(build.Directory, "scripts", "module.lds")));
    }

    [Fact]
    public void A_tree_that_does_not_build_names_the_log_and_the_error_and_leaves_no_build()
    {
        var tree = new KernelTrees(Cache).Open(KernelSpec.Parse("linux-6.12"));
        var patch = BreakingPatch(tree.Root);
        try
        {
            var patched = new KernelTrees(Cache).Open(tree.Spec, [patch]);
            var isa = Isas.Create("x86_64");
            var ex = Assert.Throws<KernelInputException>(() => new KernelBuilds(Cache).Prepare(patched, isa, BuildSpec.Default));
            Assert.Contains("make kernel/tracepoint.o failed", ex.Message, StringComparison.Ordinal);
            Assert.Contains("error: tpsim negative control", ex.Message, StringComparison.Ordinal);
            Assert.NotNull(ex.LogPath);
            Assert.Contains("tpsim negative control", File.ReadAllText(ex.LogPath!), StringComparison.Ordinal);
            Assert.DoesNotContain(CachedKernel.List(Cache), e => e.Kind == "build" && e.Path.Contains(patched.Identity, StringComparison.Ordinal));
            Assert.False(Directory.Exists(Path.Combine(Cache.Builds, patched.Identity, "x86_64-clang-default-r3")));
        }
        finally
        {
            File.Delete(patch);
        }
    }

    [Fact]
    public void A_build_that_cannot_be_made_is_refused_before_make_runs()
    {
        var tree = new KernelTrees(Cache).Open(KernelSpec.Parse("linux-6.12"));
        var makes = KernelBuilds.MakeRuns;
        var kcfiGcc = Assert.Throws<KernelInputException>(() => new KernelBuilds(Cache).Prepare(tree, Isas.Create("arm64"), new BuildSpec(CompilerKind.Gcc, BuildConfigs.Kcfi)));
        Assert.Contains("kcfi is clang only", kcfiGcc.Message, StringComparison.Ordinal);
        var noKcfi = Assert.Throws<KernelInputException>(() => new KernelBuilds(Cache).Prepare(tree, Isas.Create("ppc64"), new BuildSpec(CompilerKind.Clang, BuildConfigs.Kcfi)));
        Assert.Contains("kcfi does not apply to this ISA", noKcfi.Message, StringComparison.Ordinal);
        Assert.Equal(makes, KernelBuilds.MakeRuns);
    }

    /// <summary>A unified diff, made with diff -u against the tree's own file, that puts an #error into kernel/tracepoint.c.</summary>
    private static string BreakingPatch(string root)
    {
        var work = Directory.CreateTempSubdirectory("tpsim-break-").FullName;
        var a = Path.Combine(work, "a", "kernel");
        var b = Path.Combine(work, "b", "kernel");
        Directory.CreateDirectory(a);
        Directory.CreateDirectory(b);
        var text = File.ReadAllText(Path.Combine(root, "kernel", "tracepoint.c"));
        File.WriteAllText(Path.Combine(a, "tracepoint.c"), text);
        File.WriteAllText(Path.Combine(b, "tracepoint.c"), text + "\n#error tpsim negative control\n");
        var patch = Path.Combine(Path.GetTempPath(), $"tpsim-break-{Guid.NewGuid():N}.patch");
        File.WriteAllText(patch, Diff(work));
        Directory.Delete(work, recursive: true);
        return patch;
    }

    private static string Diff(string work)
    {
        var start = new System.Diagnostics.ProcessStartInfo("diff") { WorkingDirectory = work, RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add("-u");
        // Fixed labels, no timestamps: the same patch text every run, so the patched copy is made once.
        start.ArgumentList.Add("--label");
        start.ArgumentList.Add("a/kernel/tracepoint.c");
        start.ArgumentList.Add("--label");
        start.ArgumentList.Add("b/kernel/tracepoint.c");
        start.ArgumentList.Add("a/kernel/tracepoint.c");
        start.ArgumentList.Add("b/kernel/tracepoint.c");
        using var p = System.Diagnostics.Process.Start(start)!;
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        Assert.Equal(1, p.ExitCode);
        return output;
    }
}

/// <summary>Real kernel builds share the cache and the make counter: one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class KernelBuildCollection
{
    public const string Name = "real kernel builds";
}
