using System.Security.Cryptography;
using System.Text;

namespace Tpsim.Linux.Strategies;

/// <summary>
/// The removal strategies as a real tree runs them: each one a patch tpsim wrote against linux 6.12 following the
/// posted mail it names in its header (bugs included), applied to a private copy of the tree before the user's
/// <c>--patch</c> files; <c>stub</c> is the tree's own code, no patch. The names are the simulated kernel's.
/// </summary>
public static class LinuxStrategies
{
    /// <summary>What a tree runs unpatched: mainline's tp_stub_func.</summary>
    public const string Tree = "stub";

    /// <summary>Every strategy a real tree runs, in the simulated kernel's order, skip-fixed after skip.</summary>
    public static IReadOnlyList<string> Names { get; } = ["fail", "nofail", "sentinel", Tree, "double-array", "typed-stub", "skip", "skip-fixed"];

    public static bool Exists(string name) => Names.Contains(name, StringComparer.Ordinal);

    /// <summary>The patch of <paramref name="name"/> (its header and unified diff), or null for <see cref="Tree"/>.</summary>
    public static string? Patch(string name)
    {
        if (!Exists(name))
        {
            throw new KernelInputException($"--strategy {name}: no patch for it on a real tree yet; real-tree strategies: {string.Join(", ", Names)}");
        }
        if (name == Tree)
        {
            return null;
        }
        using var stream = typeof(LinuxStrategies).Assembly.GetManifestResourceStream($"Linux/Strategies/{name}.patch")
            ?? throw new InvalidOperationException($"the {name} patch is not embedded");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>
    /// The patch of <paramref name="name"/> as a file in the cache (named by its content, written once), for the tree's
    /// patch list; null for <see cref="Tree"/>.
    /// </summary>
    public static string? PatchFile(KernelCache cache, string name)
    {
        ArgumentNullException.ThrowIfNull(cache);
        if (Patch(name) is not { } text)
        {
            return null;
        }
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text))).ToLowerInvariant()[..12];
        var directory = Path.Combine(cache.Root, "strategies");
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, $"{name}-{hash}.patch");
        if (!File.Exists(path))
        {
            var temporary = path + $".{Environment.ProcessId}.tmp";
            File.WriteAllText(temporary, text);
            File.Move(temporary, path, overwrite: true);
        }
        return path;
    }

    /// <summary>The strategy whose patch <paramref name="path"/> is (a file <see cref="PatchFile"/> wrote), or null.</summary>
    public static string? StrategyOfPatchFile(string path)
    {
        if (Path.GetFileName(Path.GetDirectoryName(path)) != "strategies")
        {
            return null;
        }
        var name = Path.GetFileNameWithoutExtension(path);
        var dash = name.LastIndexOf('-');
        return dash > 0 && Exists(name[..dash]) ? name[..dash] : null;
    }

    /// <summary>Values the strategy writes in place that are no function, with the names the scenario language gives them.</summary>
    public static IReadOnlyDictionary<ulong, string> Placeholders(string name) => name switch
    {
        "skip" or "skip-fixed" or "sentinel" => new Dictionary<ulong, string> { [1] = KernelSim.Scenarios.ArrayEntryNames.Skip },
        _ => new Dictionary<ulong, string>(),
    };
}
