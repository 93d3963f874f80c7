using System.Globalization;
using System.Text.RegularExpressions;

namespace Tpsim.Linux.Trees;

/// <summary>A tree's version from its top Makefile (VERSION, PATCHLEVEL, SUBLEVEL, EXTRAVERSION).</summary>
public sealed partial record KernelVersion(int Version, int PatchLevel, int SubLevel, string Extra) : IComparable<KernelVersion>
{
    /// <summary>The oldest tree tpsim builds: 5.12 has tp_stub_func (the stub this tool is about) and static calls.</summary>
    public static readonly KernelVersion Oldest = new(5, 12, 0, "");

    public override string ToString() => $"{Version}.{PatchLevel}.{SubLevel}{Extra}";

    public int CompareTo(KernelVersion? other) =>
        other is null ? 1 : (Version, PatchLevel, SubLevel).CompareTo((other.Version, other.PatchLevel, other.SubLevel));

    /// <summary>Reads the four assignments from a Makefile's text; null with the reason when one is missing.</summary>
    public static KernelVersion? TryParse(string makefile, out string? error)
    {
        error = null;
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match m in Assignment().Matches(makefile))
        {
            values.TryAdd(m.Groups[1].Value, m.Groups[2].Value.Trim());
        }
        int? Number(string name) =>
            values.TryGetValue(name, out var v) && int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
        if (Number("VERSION") is not { } version || Number("PATCHLEVEL") is not { } patch)
        {
            error = "its Makefile sets no numeric VERSION and PATCHLEVEL";
            return null;
        }
        return new KernelVersion(version, patch, Number("SUBLEVEL") ?? 0, values.GetValueOrDefault("EXTRAVERSION", ""));
    }

    [GeneratedRegex(@"^(VERSION|PATCHLEVEL|SUBLEVEL|EXTRAVERSION)\s*=[ \t]*(.*)$", RegexOptions.Multiline)]
    private static partial Regex Assignment();
}
