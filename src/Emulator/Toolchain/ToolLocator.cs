namespace Tpsim.Emulator.Toolchain;

/// <summary>
/// Finds an LLVM tool on PATH and names its exact build without running it: the resolved binary's
/// path, size and modification time. A warm cache hit must not spawn a process just to learn this.
/// </summary>
internal static class ToolLocator
{
    public const string InstallHint = "install with `apt-get install -y clang-19 lld-19 llvm-19`";

    public sealed record Tool(string Path, string Identity);

    public static Tool Find(string name, string installHint = InstallHint)
    {
        var path = Resolve(name)
            ?? throw new ToolchainException($"{name} was not found on PATH; {installHint}");
        var binary = new FileInfo(path);
        var target = binary.ResolveLinkTarget(returnFinalTarget: true) as FileInfo ?? binary;
        var identity = $"{path}|{target.FullName}|{target.Length}|{target.LastWriteTimeUtc.Ticks}";
        return new Tool(path, identity);
    }

    private static string? Resolve(string name)
    {
        if (name.Contains('/'))
        {
            return IsExecutable(name) ? Path.GetFullPath(name) : null;
        }
        var dirs = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries);
        return dirs.Select(d => Path.Combine(d, name)).FirstOrDefault(IsExecutable);
    }

    private static bool IsExecutable(string path) =>
        File.Exists(path)
        && (OperatingSystem.IsWindows() || (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0);
}
