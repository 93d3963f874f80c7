namespace Tpsim.Linux.Trees;

/// <summary>A Linux source Debian ships as a tarball in <c>/usr/src</c>, by the name <c>--kernel</c> takes.</summary>
/// <param name="Name">The <c>--kernel</c> spelling (a contract): <c>linux-6.12</c>.</param>
/// <param name="Package">The Debian package, for apt-get and dpkg-query.</param>
/// <param name="Tarball">The tarball the package installs.</param>
/// <param name="TopDirectory">The one directory the tarball unpacks to.</param>
public sealed record PackagedSource(string Name, string Package, string Tarball, string TopDirectory)
{
    public static readonly PackagedSource Linux612 = new("linux-6.12", "linux-source-6.12", "/usr/src/linux-source-6.12.tar.xz", "linux-source-6.12");

    public static IReadOnlyList<PackagedSource> All { get; } = [Linux612];
}
