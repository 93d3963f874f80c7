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
    public string Build(KernelBuild build, string name, string source)
    {
        ArgumentNullException.ThrowIfNull(build);
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(name + "\0" + source))).ToLowerInvariant()[..16];
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
            File.WriteAllText(Path.Combine(entry, name + ".c"), source);
            File.WriteAllText(Path.Combine(entry, "Kbuild"), $"obj-m := {name}.o\n");
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
