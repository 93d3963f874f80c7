using System.Text.Json;

namespace Tpsim.Linux.Build;

/// <summary>One finished entry of the kernel cache, as <c>tpsim kernel list</c> shows it.</summary>
/// <param name="Kind">"tree" (unpacked or patched source) or "build" (a kbuild O= directory).</param>
/// <param name="Describe">The kernel, and for a build its ISA, compiler and config.</param>
public sealed record CachedKernel(string Kind, string Describe, string Path, double Seconds)
{
    /// <summary>Every stamped entry under <paramref name="cache"/>, trees first; unstamped (interrupted) ones are left out.</summary>
    public static IReadOnlyList<CachedKernel> List(KernelCache cache)
    {
        ArgumentNullException.ThrowIfNull(cache);
        var found = new List<CachedKernel>();
        if (Directory.Exists(cache.Trees))
        {
            foreach (var dir in Directory.EnumerateDirectories(cache.Trees).Where(KernelCache.IsComplete).Order(StringComparer.Ordinal))
            {
                var stamp = Read(dir);
                var patches = stamp.TryGetProperty("patches", out var p) ? p.GetArrayLength() : 0;
                var what = $"{Text(stamp, "spec")}{(stamp.TryGetProperty("version", out var v) ? $" {v.GetString()}" : "")}{(patches > 0 ? $" + {patches} patch(es)" : "")}";
                found.Add(new CachedKernel("tree", what, System.IO.Path.Combine(dir, "src"), Number(stamp, "seconds")));
            }
        }
        if (Directory.Exists(cache.Builds))
        {
            foreach (var dir in Directory.EnumerateDirectories(cache.Builds).SelectMany(Directory.EnumerateDirectories).Where(KernelCache.IsComplete).Order(StringComparer.Ordinal))
            {
                var stamp = Read(dir);
                var patches = stamp.TryGetProperty("patches", out var p) ? p.GetArrayLength() : 0;
                var what = $"{Text(stamp, "kernel")} ({Text(stamp, "version")}){(patches > 0 ? $" + {patches} patch(es)" : "")} {Text(stamp, "isa")} {Text(stamp, "compiler")}/{Text(stamp, "config")}";
                found.Add(new CachedKernel("build", what, dir, Number(stamp, "seconds")));
            }
        }
        return found;
    }

    private static JsonElement Read(string dir)
    {
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(System.IO.Path.Combine(dir, KernelCache.StampName)));
            return doc.RootElement.Clone();
        }
        catch (JsonException)
        {
            using var empty = JsonDocument.Parse("{}");
            return empty.RootElement.Clone();
        }
    }

    private static string Text(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "?";

    private static double Number(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : 0;
}
