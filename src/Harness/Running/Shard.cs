using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Tpsim.Harness.Running;

/// <summary>
/// One of <see cref="Count"/> deterministic shares of a run (<c>--shard I/N</c>, 1-based): the case at position p of
/// the unsharded run's case list (every ISA, build and case in run order) belongs to shard (p mod N) + 1, so the
/// shares are disjoint, differ in size by at most one, and together are the unsharded run.
/// </summary>
public sealed record Shard(int Index, int Count)
{
    /// <summary>The whole run: <c>1/1</c>.</summary>
    public static Shard Whole { get; } = new(1, 1);

    public bool IsWhole => Count == 1;

    public bool Takes(int position) => position % Count == Index - 1;

    /// <summary>How many of <paramref name="total"/> cases this shard takes.</summary>
    public int CountOf(int total) => total < Index ? 0 : (total - Index) / Count + 1;

    /// <summary>
    /// This shard's share of a run's case lists, given in run order (one list per ISA and build): each list's own
    /// cases with their position in the concatenation of all lists.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<(T Item, int Position)>> Select<T>(IEnumerable<IReadOnlyList<T>> lists)
    {
        ArgumentNullException.ThrowIfNull(lists);
        var offset = 0;
        var result = new List<IReadOnlyList<(T, int)>>();
        foreach (var list in lists)
        {
            var start = offset;
            result.Add([.. list.Select((item, i) => (item, start + i)).Where(x => Takes(x.Item2))]);
            offset += list.Count;
        }
        return result;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Index}/{Count}");

    /// <summary>Parses <c>I/N</c>: whole numbers with 1 &lt;= I &lt;= N.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out Shard? shard, [NotNullWhen(false)] out string? error)
    {
        shard = null;
        var parts = (text ?? "").Split('/');
        if (parts.Length != 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var count))
        {
            error = $"--shard: '{text}' is not I/N (shard I of N, for example 2/3)";
            return false;
        }
        if (count < 1 || index < 1 || index > count)
        {
            error = $"--shard: '{text}' needs 1 <= I <= N (shards are numbered from 1)";
            return false;
        }
        shard = new Shard(index, count);
        error = null;
        return true;
    }

    public static Shard Parse(string text) =>
        TryParse(text, out var shard, out var error) ? shard : throw new FormatException(error);
}
