using Tpsim.Linux;
using Tpsim.Linux.Trees;
using Xunit;

namespace Tpsim.Tests.Linux.Trees;

public sealed class KernelSpecTests
{
    [Fact]
    public void The_three_kinds_parse_and_anything_else_is_refused_by_name()
    {
        Assert.True(KernelSpec.Parse("model").IsModel);
        var package = KernelSpec.Parse("linux-6.12");
        Assert.Equal(KernelSpecKind.Package, package.Kind);
        Assert.Equal("linux-source-6.12", package.Package!.Package);
        var dir = Directory.CreateTempSubdirectory("tpsim-spec-").FullName;
        try
        {
            var tree = KernelSpec.Parse(dir);
            Assert.Equal(KernelSpecKind.Tree, tree.Kind);
            Assert.Equal(dir, tree.TreePath);
            File.WriteAllText(Path.Combine(dir, "f"), "");
            Assert.False(KernelSpec.TryParse(Path.Combine(dir, "f"), out _, out var fileError));
            Assert.Contains("a file, not a directory", fileError, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
        Assert.False(KernelSpec.TryParse("linux-6.13", out _, out var error));
        Assert.Contains("no such directory and no kernel of that name", error, StringComparison.Ordinal);
        Assert.Contains("linux-6.12", error, StringComparison.Ordinal);
        Assert.Throws<KernelInputException>(() => KernelSpec.Parse(""));
    }

    [Theory]
    [InlineData("VERSION = 6\nPATCHLEVEL = 12\nSUBLEVEL = 118\nEXTRAVERSION =\n", "6.12.118", true)]
    [InlineData("VERSION = 6\nPATCHLEVEL = 13\nSUBLEVEL = 0\nEXTRAVERSION = -rc1\n", "6.13.0-rc1", true)]
    [InlineData("VERSION = 5\nPATCHLEVEL = 11\nSUBLEVEL = 22\n", "5.11.22", false)]
    [InlineData("VERSION = 5\nPATCHLEVEL = 12\n", "5.12.0", true)]
    public void A_version_comes_from_the_top_Makefile(string makefile, string version, bool newEnough)
    {
        var v = KernelVersion.TryParse(makefile, out var error);
        Assert.Null(error);
        Assert.Equal(version, v!.ToString());
        Assert.Equal(newEnough, v.CompareTo(KernelVersion.Oldest) >= 0);
    }

    [Fact]
    public void A_Makefile_without_a_version_is_not_a_kernel_Makefile()
    {
        Assert.Null(KernelVersion.TryParse("all:\n\techo hi\n", out var error));
        Assert.Contains("VERSION and PATCHLEVEL", error, StringComparison.Ordinal);
    }
}
