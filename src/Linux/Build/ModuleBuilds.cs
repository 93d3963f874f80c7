using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Tpsim.Linux.Build;

/// <summary>
/// Builds an out-of-tree module against a <see cref="KernelBuild"/> as a maintainer does (<c>make M=DIR modules</c>,
/// with <c>KBUILD_MODPOST_WARN=1</c> because the tree has no Module.symvers), cached by the module's source: a second
/// request for the same source runs no make. A module that does not compile is one message naming its error and log.
/// </summary>
public sealed class ModuleBuilds(KernelCache cache, Action<string>? progress = null)
{
    /// <summary>The .ko of <paramref name="name"/>.c with <paramref name="source"/>, built for <paramref name="build"/>.</summary>
    public string Build(KernelBuild build, string name, string source) => Build(build, name, [new ModuleFile(name + ".c", source)]);

    /// <summary>
    /// The .ko of a module made of several sources (C, or assembly that kbuild runs through cpp as <c>.S</c>). A single
    /// file named NAME.c or NAME.S is the module; otherwise each file is an object of <c>NAME-y</c>. A <c>.h</c> file is
    /// no object: it is included into every C file before its first line (<c>-include</c>).
    /// </summary>
    public string Build(KernelBuild build, string name, IReadOnlyList<ModuleFile> files)
    {
        ArgumentNullException.ThrowIfNull(build);
        ArgumentNullException.ThrowIfNull(files);
        var sources = files.Where(f => !f.Name.EndsWith(".h", StringComparison.Ordinal)).ToList();
        var headers = files.Where(f => f.Name.EndsWith(".h", StringComparison.Ordinal)).ToList();
        var alone = sources.Count == 1 && Path.GetFileNameWithoutExtension(sources[0].Name) == name;
        if (!alone && sources.Any(f => Path.GetFileNameWithoutExtension(f.Name) == name))
        {
            throw new ArgumentException($"module {name}: with several sources none may be named {name}", nameof(files));
        }
        var identity = string.Concat(files.Select(f => f.Name + "\0" + f.Text + "\0"));
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(name + "\0" + identity))).ToLowerInvariant()[..16];
        var entry = Path.Combine(build.Directory + "-modules", $"{name}-{hash}");
        var ko = Path.Combine(entry, name + ".ko");
        using (cache.Lock($"module-{Path.GetFileName(build.Directory)}-{name}-{hash}"))
        {
            if (KernelCache.IsComplete(entry) && File.Exists(ko))
            {
                return ko;
            }
            if (Directory.Exists(entry))
            {
                Directory.Delete(entry, recursive: true);
            }
            Directory.CreateDirectory(entry);
            foreach (var file in files)
            {
                File.WriteAllText(Path.Combine(entry, file.Name), file.Text);
            }
            var objects = alone ? "" : $"{name}-y := {string.Join(" ", sources.Select(f => Path.ChangeExtension(f.Name, ".o")))}\n";
            File.WriteAllText(Path.Combine(entry, "Kbuild"), $"obj-m := {name}.o\n{objects}{string.Concat(headers.Select(h => $"ccflags-y += -include $(src)/{h.Name}\n"))}");
            Directory.CreateDirectory(cache.Logs);
            var log = Path.Combine(cache.Logs, $"module-{Path.GetFileName(build.Directory)}-{name}-{hash}.log");
            File.Delete(log);
            try
            {
                new MakeRun(build.Tree, build.Isa, build.Build, build.Directory, log, progress).Make("modules", $"M={entry}", "KBUILD_MODPOST_WARN=1");
                if (!File.Exists(ko))
                {
                    throw new KernelInputException($"module {name}: make modules gave no {name}.ko; log: {log}", log);
                }
            }
            catch
            {
                Directory.Delete(entry, recursive: true);
                throw;
            }
            File.WriteAllText(Path.Combine(entry, KernelCache.StampName), JsonSerializer.Serialize(new { module = name, build = build.Directory }));
            return ko;
        }
    }
}

/// <summary>One source file of a module: its name in the module's directory, and its text.</summary>
public sealed record ModuleFile(string Name, string Text);
