using System.Diagnostics;
using System.Text.Json;
using Tpsim.Emulator.Isa;
using Tpsim.Emulator.Toolchain;
using Tpsim.Linux.Trees;

namespace Tpsim.Linux.Build;

/// <summary>
/// Builds a tree for an ISA, compiler and config with kbuild, as a maintainer would: <c>defconfig</c>, tracing and
/// the config's own Kconfig options switched on with <c>scripts/config</c>, <c>olddefconfig</c>, <c>modules_prepare</c>, and
/// <c>kernel/tracepoint.o</c>, in an out-of-tree <c>O=</c> directory cached by the tree's identity. A second request
/// for the same build runs no make. A failed step is a <see cref="KernelInputException"/> naming the log and its
/// first error line, and leaves no cache entry.
/// </summary>
public sealed class KernelBuilds(KernelCache cache, Action<string>? progress = null)
{
    /// <summary>Changes when the steps below change, so that older cache entries are not taken for new ones.</summary>
    private const string Recipe = "3";

    private static long _makeRuns;

    /// <summary>make processes started by every instance in this process (a cached build starts none).</summary>
    public static long MakeRuns => Interlocked.Read(ref _makeRuns);

    internal static void CountMake() => Interlocked.Increment(ref _makeRuns);

    /// <summary>The cached build, or a new one.</summary>
    public KernelBuild Prepare(KernelTree tree, IsaBackend isa, BuildSpec build)
    {
        ArgumentNullException.ThrowIfNull(tree);
        ArgumentNullException.ThrowIfNull(isa);
        ArgumentNullException.ThrowIfNull(build);
        var options = Options(isa, build);
        var name = $"{isa.Name}-{build.Compiler.ToName()}-{build.Config.Name}-r{Recipe}";
        var entry = Path.Combine(cache.Builds, tree.Identity, name);
        using (cache.Lock($"build-{tree.Identity}-{name}"))
        {
            var targets = (IReadOnlyList<string>)["kernel/tracepoint.o", .. isa.Toolchain.Kernel!.LibraryObjects];
            if (KernelCache.IsComplete(entry) && targets.All(t => File.Exists(Path.Combine(entry, t))))
            {
                return new KernelBuild(tree, isa, build, entry, ReadSeconds(entry), FromCache: true);
            }
            if (Directory.Exists(entry))
            {
                // No stamp: an interrupted or failed build. kbuild's O= directory is not moved afterwards (its paths
                // are absolute), so it is built in place and counts only once stamped.
                Directory.Delete(entry, recursive: true);
            }
            Directory.CreateDirectory(entry);
            Directory.CreateDirectory(cache.Logs);
            var log = Path.Combine(cache.Logs, $"{tree.Identity}-{name}.log");
            File.Delete(log);
            var watch = Stopwatch.StartNew();
            try
            {
                var run = new MakeRun(tree, isa, build, entry, log, progress);
                run.Make(isa.Toolchain.Kernel!.Defconfig);
                run.Tool(Path.Combine(tree.Root, "scripts", "config"),
                    ["--file", Path.Combine(entry, ".config"), .. options.SelectMany(o => o.StartsWith('!') ? new[] { "-d", o[1..] } : ["-e", o])]);
                run.Make("olddefconfig");
                CheckOptions(Path.Combine(entry, ".config"), [KernelTarget.Required, .. options.Skip(KernelTarget.Tracing.Count)], log, $"{isa.Name} {build.Name}");
                // modules_prepare adds what out-of-tree modules link with (scripts/module.lds), on top of prepare.
                run.Make("modules_prepare");
                foreach (var target in targets)
                {
                    run.Make(target);
                }
            }
            catch
            {
                Directory.Delete(entry, recursive: true);
                throw;
            }
            var seconds = watch.Elapsed.TotalSeconds;
            File.WriteAllText(Path.Combine(entry, KernelCache.StampName), JsonSerializer.Serialize(new
            {
                kernel = tree.Spec.Text,
                version = tree.Version.ToString(),
                tree = tree.Root,
                patches = tree.Patches,
                isa = isa.Name,
                compiler = build.Compiler.ToName(),
                config = build.Config.Name,
                options,
                seconds,
            }));
            return new KernelBuild(tree, isa, build, entry, seconds, FromCache: false);
        }
    }

    /// <summary>Tracing plus the config's Kconfig changes, or the reason this ISA, compiler and config have no kernel build.</summary>
    public static IReadOnlyList<string> Options(IsaBackend isa, BuildSpec build)
    {
        return TryOptions(isa, build, out var why) ?? throw new KernelInputException(why!);
    }

    /// <summary><see cref="Options"/>, or null with the reason (<c>--config all</c> skips the builds that do not apply).</summary>
    public static IReadOnlyList<string>? TryOptions(IsaBackend isa, BuildSpec build, out string? why)
    {
        ArgumentNullException.ThrowIfNull(isa);
        ArgumentNullException.ThrowIfNull(build);
        if (isa.Toolchain.Kernel is not { } target)
        {
            why = $"tpsim builds no real kernel for {isa.Name} yet (its Toolchain.cs names no KernelTarget)";
            return null;
        }
        var realOnly = target.RealOnly.Contains(build.Config.Name) && build.Compiler == CompilerKind.Clang;
        if (!realOnly && isa.Toolchain.FlagsFor(build, out var notApplicable) is null)
        {
            why = $"{isa.Name} {build.Name}: {notApplicable}";
            return null;
        }
        if (!target.Options.TryGetValue(build.Config.Name, out var options))
        {
            why = $"{isa.Name} {build.Name}: tpsim has no kernel configuration for {build.Config.Name} on {isa.Name} (real-kernel configs: {string.Join(", ", target.Options.Keys)})";
            return null;
        }
        why = null;
        return [.. KernelTarget.Tracing, .. options];
    }

    /// <summary>Kconfig can drop an option whose dependency is unmet (a compiler too old, another arch): say so, not build without it.</summary>
    private static void CheckOptions(string config, IReadOnlyList<string> options, string log, string what)
    {
        var lines = File.ReadAllLines(config).ToHashSet(StringComparer.Ordinal);
        foreach (var option in options)
        {
            var off = option.StartsWith('!');
            var symbol = off ? option[1..] : option;
            if (lines.Contains($"CONFIG_{symbol}=y") == off)
            {
                throw new KernelInputException(
                    $"{what}: CONFIG_{symbol} is {(off ? "still set" : "not set")} after olddefconfig, so Kconfig found a dependency unmet with this compiler and tree; log: {log}", log);
            }
        }
    }

    private static double ReadSeconds(string entry)
    {
        try
        {
            using var stamp = JsonDocument.Parse(File.ReadAllText(Path.Combine(entry, KernelCache.StampName)));
            return stamp.RootElement.TryGetProperty("seconds", out var s) ? s.GetDouble() : 0;
        }
        catch (JsonException)
        {
            return 0;
        }
    }
}
