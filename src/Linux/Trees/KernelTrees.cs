using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Tpsim.Emulator.Toolchain;

namespace Tpsim.Linux.Trees;

/// <summary>
/// Finds the tree a <see cref="KernelSpec"/> names and makes it ready for kbuild: unpacks a packaged source once into
/// the cache, checks a user's tree (a kernel tree, 5.12 or later), and applies patches to a private copy, never to
/// the user's tree. Every cache entry is made in a temporary directory and renamed into place when complete.
/// </summary>
public sealed class KernelTrees(KernelCache cache, Action<string>? progress = null)
{
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromMinutes(10);

    /// <summary>The tree for <paramref name="spec"/> with <paramref name="patches"/> applied (in order); not for <c>model</c>.</summary>
    public KernelTree Open(KernelSpec spec, IReadOnlyList<string>? patches = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var tree = spec.Kind switch
        {
            KernelSpecKind.Package => Unpacked(spec),
            KernelSpecKind.Tree => Checked(spec),
            _ => throw new ArgumentException("the simulated kernel has no source tree", nameof(spec)),
        };
        return patches is { Count: > 0 } ? Patched(tree, patches) : tree;
    }

    private KernelTree Unpacked(KernelSpec spec)
    {
        var package = spec.Package!;
        if (!File.Exists(package.Tarball))
        {
            throw new KernelInputException($"--kernel {spec.Text} needs Debian's {package.Package} package ({package.Tarball} is missing): apt-get install {package.Package}");
        }
        var version = PackageVersion(package) ?? $"{new FileInfo(package.Tarball).Length}-{File.GetLastWriteTimeUtc(package.Tarball).Ticks}";
        var identity = $"{package.Package}_{version}".Replace('~', '-').Replace(':', '-');
        var entry = Path.Combine(cache.Trees, identity);
        var root = Path.Combine(entry, "src");
        using (cache.Lock($"tree-{identity}"))
        {
            if (!KernelCache.IsComplete(entry))
            {
                var started = DateTime.UtcNow;
                progress?.Invoke($"unpacking {package.Tarball} into {entry} (once)");
                MakeEntry(entry, temporary =>
                {
                    Run("tar", ["-xJf", package.Tarball, "-C", temporary], $"unpacking {package.Tarball}");
                    Directory.Move(Path.Combine(temporary, package.TopDirectory), Path.Combine(temporary, "src"));
                    return new { spec = spec.Text, package = package.Package, version, seconds = (DateTime.UtcNow - started).TotalSeconds };
                });
            }
        }
        return new KernelTree(spec, root, ReadVersion(root, spec.Text), identity);
    }

    private static KernelTree Checked(KernelSpec spec)
    {
        var root = spec.TreePath!;
        foreach (var required in new[] { "Makefile", "kernel/tracepoint.c", "include/linux/tracepoint.h", "scripts/config" })
        {
            if (!File.Exists(Path.Combine(root, required)))
            {
                throw new KernelInputException($"--kernel {spec.Text}: not a Linux kernel source tree ({required} is missing)");
            }
        }
        var version = ReadVersion(root, spec.Text);
        if (version.CompareTo(KernelVersion.Oldest) < 0)
        {
            throw new KernelInputException($"--kernel {spec.Text}: Linux {version} is older than {KernelVersion.Oldest}, the first with tp_stub_func");
        }
        return new KernelTree(spec, root, version, "tree-" + TreeIdentity(root));
    }

    /// <summary>A copy of <paramref name="tree"/> with every patch applied, made once per tree and patch content.</summary>
    private KernelTree Patched(KernelTree tree, IReadOnlyList<string> patches)
    {
        var texts = new List<byte[]>();
        foreach (var patch in patches)
        {
            if (!File.Exists(patch))
            {
                throw new KernelInputException($"--patch {patch}: no such file");
            }
            var bytes = File.ReadAllBytes(patch);
            var text = Encoding.UTF8.GetString(bytes);
            if (!text.Contains("\n+++ ", StringComparison.Ordinal) || !text.Contains("\n@@ ", StringComparison.Ordinal))
            {
                throw new KernelInputException($"--patch {patch}: not a unified diff or a git format-patch mail (no '+++' file header and '@@' hunk)");
            }
            texts.Add(bytes);
        }
        var identity = $"{tree.Identity}+{Hash(texts)[..16]}";
        var entry = Path.Combine(cache.Trees, identity);
        using (cache.Lock($"tree-{identity}"))
        {
            if (!KernelCache.IsComplete(entry))
            {
                progress?.Invoke($"applying {patches.Count} patch(es) to a private copy of {tree.Spec.Text} in {entry}");
                MakeEntry(entry, temporary =>
                {
                    var copy = Path.Combine(temporary, "src");
                    CopyTree(tree.Root, copy);
                    foreach (var patch in patches)
                    {
                        Apply(copy, Path.GetFullPath(patch));
                    }
                    return new { spec = tree.Spec.Text, tree = tree.Identity, patches = patches.Select(Path.GetFullPath).ToArray() };
                });
            }
        }
        return tree with { Root = Path.Combine(entry, "src"), Identity = identity, Patches = [.. patches.Select(Path.GetFullPath)] };
    }

    /// <summary>Builds an entry in a temporary sibling directory, stamps it and renames it into place; on failure removes it.</summary>
    private static void MakeEntry(string entry, Func<string, object> fill)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(entry)!);
        if (Directory.Exists(entry))
        {
            // An entry without its stamp is what an interrupted run left: never used, redone.
            Directory.Delete(entry, recursive: true);
        }
        var temporary = $"{entry}.tmp-{Environment.ProcessId}";
        if (Directory.Exists(temporary))
        {
            Directory.Delete(temporary, recursive: true);
        }
        Directory.CreateDirectory(temporary);
        try
        {
            var stamp = fill(temporary);
            File.WriteAllText(Path.Combine(temporary, KernelCache.StampName), JsonSerializer.Serialize(stamp));
            Directory.Move(temporary, entry);
        }
        catch
        {
            Directory.Delete(temporary, recursive: true);
            throw;
        }
    }

    /// <summary>Hard links where the cache shares the tree's file system (patch replaces a file rather than writing into it), else a plain copy.</summary>
    private static void CopyTree(string from, string to)
    {
        var linked = HostProcess.Run("cp", ["-al", from, to], null, ToolTimeout);
        if (linked.ExitCode == 0)
        {
            return;
        }
        if (Directory.Exists(to))
        {
            Directory.Delete(to, recursive: true);
        }
        Run("cp", ["-a", from, to], $"copying {from}");
    }

    /// <summary>Applies one patch with GNU patch; a hunk that does not apply is the user's error, shown with its text.</summary>
    private static void Apply(string tree, string patch)
    {
        var dry = HostProcess.Run("patch", ["-p1", "--batch", "--forward", "--dry-run", "-d", tree, "-i", patch], null, ToolTimeout, "apt-get install patch");
        if (dry.ExitCode != 0)
        {
            throw new KernelInputException($"{Label(patch)} does not apply: {RejectedHunk(dry.StandardOutput + dry.StandardError, patch)}");
        }
        var real = HostProcess.Run("patch", ["-p1", "--batch", "--forward", "--no-backup-if-mismatch", "-d", tree, "-i", patch], null, ToolTimeout);
        if (real.ExitCode != 0)
        {
            throw new KernelInputException($"{Label(patch)} does not apply: {(real.StandardOutput + real.StandardError).Trim()}");
        }
    }

    /// <summary>How an error names a patch: <c>--strategy NAME's patch</c> for a strategy's own (the cache's copy), else <c>--patch FILE</c>.</summary>
    internal static string Label(string patch) =>
        Strategies.LinuxStrategies.StrategyOfPatchFile(patch) is { } strategy ? $"--strategy {strategy}'s patch" : $"--patch {patch}";

    /// <summary>patch's first complaint, and the text of the hunk it names ("Hunk #2 FAILED" under "checking file F").</summary>
    internal static string RejectedHunk(string output, string patchPath)
    {
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        string? file = null;
        foreach (var line in lines)
        {
            if (line.StartsWith("checking file ", StringComparison.Ordinal))
            {
                file = line["checking file ".Length..].Trim();
            }
            var failed = System.Text.RegularExpressions.Regex.Match(line, @"^Hunk #(\d+) FAILED at (\d+)");
            if (failed.Success && file is not null)
            {
                var hunk = HunkText(File.ReadAllText(patchPath), file, int.Parse(failed.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
                return $"{file}: hunk #{failed.Groups[1].Value} FAILED at line {failed.Groups[2].Value}{(hunk is null ? "" : $"\n{hunk}")}";
            }
        }
        var complaint = lines.FirstOrDefault(l => !l.StartsWith("checking file ", StringComparison.Ordinal)) ?? "patch gave no reason";
        return file is null ? complaint : $"{file}: {complaint}";
    }

    /// <summary>The text of hunk <paramref name="number"/> (1-based) of <paramref name="file"/> in a unified diff.</summary>
    internal static string? HunkText(string diff, string file, int number)
    {
        var lines = diff.Split('\n');
        var inFile = false;
        var seen = 0;
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].StartsWith("+++ ", StringComparison.Ordinal))
            {
                var name = lines[i][4..].Split('\t')[0].Trim();
                inFile = name == file || name.EndsWith("/" + file, StringComparison.Ordinal);
                continue;
            }
            if (inFile && lines[i].StartsWith("@@ ", StringComparison.Ordinal) && ++seen == number)
            {
                var end = i + 1;
                while (end < lines.Length && lines[end].Length > 0 && lines[end][0] is ' ' or '+' or '-' or '\\' && !lines[end].StartsWith("--- ", StringComparison.Ordinal))
                {
                    end++;
                }
                return string.Join('\n', lines[i..end]);
            }
        }
        return null;
    }

    private static KernelVersion ReadVersion(string root, string spec) =>
        KernelVersion.TryParse(File.ReadAllText(Path.Combine(root, "Makefile")), out var error)
            ?? throw new KernelInputException($"--kernel {spec}: not a Linux kernel source tree ({error})");

    /// <summary>Every file's path, size and modification time (not .git): cheap on a kernel tree, and any edit changes it.</summary>
    private static string TreeIdentity(string root)
    {
        var parts = new List<byte[]>();
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = true };
        foreach (var file in Directory.EnumerateFiles(root, "*", options).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(root, file);
            if (relative.StartsWith(".git/", StringComparison.Ordinal))
            {
                continue;
            }
            var info = new FileInfo(file);
            parts.Add(Encoding.UTF8.GetBytes($"{relative}\0{info.Length}\0{info.LastWriteTimeUtc.Ticks}\n"));
        }
        return Hash(parts)[..16];
    }

    private static string Hash(IEnumerable<byte[]> parts)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var p in parts)
        {
            sha.AppendData(p);
            sha.AppendData("\0"u8);
        }
        return Convert.ToHexString(sha.GetHashAndReset()).ToLowerInvariant();
    }

    private static string? PackageVersion(PackagedSource package)
    {
        try
        {
            var r = HostProcess.Run("dpkg-query", ["-W", "-f=${Version}", package.Package], null, TimeSpan.FromSeconds(30));
            return r.ExitCode == 0 && r.StandardOutput.Trim() is { Length: > 0 } v ? v : null;
        }
        catch (ToolchainException)
        {
            return null;
        }
    }

    private static void Run(string tool, IEnumerable<string> arguments, string what)
    {
        var r = HostProcess.Run(tool, arguments, null, ToolTimeout);
        if (r.ExitCode != 0)
        {
            throw new KernelInputException($"{what} failed ({tool} exit {r.ExitCode}{(r.TimedOut ? ", timed out" : "")}): {(r.StandardError + r.StandardOutput).Trim().Split('\n')[0]}");
        }
    }
}
