using System.Globalization;
using System.Net;
using System.Text;
using Tpsim.Emulator.Isa;
using Tpsim.Emulator.Memory;
using Tpsim.Emulator.Tracing;

namespace Tpsim.Cli.Reports;

/// <summary>
/// A call's stack as SVG, one row per word from high addresses down: the caller's frame, the incoming argument area,
/// the register save area and return-address slot where the ABI has them, the callee's frame; SP before the call, at
/// entry and after the return marked; each byte the call changed filled red (its old value in the row's tooltip).
/// </summary>
public static class StackPicture
{
    private const int RowHeight = 18;
    private const int LabelWidth = 150;
    private const int CellWidth = 22;
    private const int MarkerWidth = 560;
    private const int MaxRows = 48;

    /// <summary>
    /// The picture of <paramref name="call"/>, before and after it ran; <paramref name="writes"/> (the call's stores) adds
    /// the words it wrote outside the window, above a gap.
    /// </summary>
    /// <param name="stoppedAt">SP where the run stopped, marked when the callee never returned (a trap or fault in it).</param>
    public static string Svg(IsaBackend isa, TracedCall call, IEnumerable<MemoryChange> writes, ulong? stoppedAt = null)
    {
        ArgumentNullException.ThrowIfNull(writes);
        ArgumentNullException.ThrowIfNull(isa);
        ArgumentNullException.ThrowIfNull(call);
        var word = isa.Abi.PointerSize;
        var entry = call.AtEntry;
        var after = call.AtReturn;
        var windowEnd = entry.WindowStart + (ulong)entry.Window.Length;
        var top = Math.Min(windowEnd, call.CallerFrameStart + (ulong)CallTracer.CallerWindow);
        var lowest = Math.Min(call.DeepestStackPointer, after?.StackPointer ?? ulong.MaxValue);
        var bottom = Math.Max(entry.WindowStart, Math.Min(lowest, entry.StackPointer) & ~(ulong)(word - 1));
        var markers = new List<(ulong Address, string Text, bool Bad)>
        {
            (call.StackPointerBeforeCall, "SP before the call", false),
            (entry.StackPointer, "SP at entry", false),
        };
        if (after is not null)
        {
            markers.Add((after.StackPointer, $"SP after the return ({ExplainTextReport.SignedBytes(call.StackPointerDelta!.Value)})",
                after.StackPointer != call.StackPointerBeforeCall));
        }
        if (after is null && stoppedAt is { } stopped)
        {
            markers.Add((stopped, "SP where the run stopped", true));
        }
        if (call.DeepestStackPointer < entry.StackPointer)
        {
            markers.Add((call.DeepestStackPointer, "deepest SP in the callee", false));
        }
        string Region(ulong address)
        {
            if (address >= call.CallerFrameStart)
            {
                return "caller";
            }
            if (address >= call.ArgumentsStart)
            {
                return "args";
            }
            if (call.ReturnSlot is { } slot && address >= slot && address < slot + (ulong)word)
            {
                return "ret";
            }
            if (address >= entry.StackPointer)
            {
                return "save";
            }
            return address >= call.DeepestStackPointer ? "callee" : "free";
        }
        var title = $"call {call.Index} ({call.Callee}): stack {(after is null ? "at entry; the callee never returned" : "before and after")}";
        var rows = WindowRows(word, entry.WindowStart, entry.Window, after?.Window, bottom, top);
        var outside = Outside(word, writes, bottom, top);
        return Draw(isa, title, call.Index, [.. outside, .. rows], outside.Count, after is not null, markers, Region);
    }

    /// <summary>One drawn word: its bytes before and after (equal when nothing ran).</summary>
    private sealed record Row(ulong Address, byte[] Before, byte[] After);

    /// <summary>The window's words from <paramref name="top"/> down to <paramref name="bottom"/>, at most <see cref="MaxRows"/>.</summary>
    private static List<Row> WindowRows(int word, ulong start, byte[] before, byte[]? after, ulong bottom, ulong top)
    {
        var rows = new List<Row>();
        for (var a = top - (ulong)word; a >= bottom && a < top && rows.Count < MaxRows; a -= (ulong)word)
        {
            var at = (int)(a - start);
            rows.Add(new Row(a, before[at..(at + word)], (after ?? before)[at..(at + word)]));
            if (a < (ulong)word)
            {
                break;
            }
        }
        return rows;
    }

    /// <summary>Words the call stored to outside [bottom, top), highest first, the first old and last new value of each.</summary>
    private static List<Row> Outside(int word, IEnumerable<MemoryChange> writes, ulong bottom, ulong top)
    {
        var words = new SortedDictionary<ulong, (byte[] Before, byte[] After)>();
        foreach (var m in writes)
        {
            for (var i = 0; i < m.Old.Length; i++)
            {
                var address = m.Address + (ulong)i;
                if (address >= bottom && address < top)
                {
                    continue;
                }
                var w = address & ~(ulong)(word - 1);
                if (!words.TryGetValue(w, out var bytes))
                {
                    // Only the stored bytes are known; the rest of the word shows as unchanged zeros.
                    bytes = (new byte[word], new byte[word]);
                    words[w] = bytes;
                    bytes.Before[address - w] = m.Old[i];
                }
                bytes.After[address - w] = m.New[i];
            }
        }
        return [.. words.Reverse().Take(MaxRows / 4).Select(kv => new Row(kv.Key, kv.Value.Before, kv.Value.After))];
    }

    /// <summary>The stack where a run stopped outside every call (a trap in the calling site), with SP marked.</summary>
    public static string Svg(IsaBackend isa, CallFrameState end, string what)
    {
        ArgumentNullException.ThrowIfNull(isa);
        ArgumentNullException.ThrowIfNull(end);
        var word = (ulong)isa.Abi.PointerSize;
        var top = end.WindowStart + (ulong)end.Window.Length;
        var bottom = Math.Max(end.WindowStart, (end.StackPointer - 4 * word) & ~(word - 1));
        return Draw(isa, $"stack at the {what}", -1, WindowRows(isa.Abi.PointerSize, end.WindowStart, end.Window, null, bottom, top), 0, false,
            [(end.StackPointer, $"SP at the {what}", false)], a => a >= end.StackPointer ? "caller" : "free");
    }

    /// <param name="gapAt">How many rows (words from elsewhere) come before the window, after which a gap is drawn.</param>
    private static string Draw(IsaBackend isa, string title, int call, List<Row> rows, int gapAt, bool ran,
        List<(ulong Address, string Text, bool Bad)> markers, Func<ulong, string> region)
    {
        var word = isa.Abi.PointerSize;
        var y0 = new int[rows.Count];
        var y = RowHeight;
        for (var i = 0; i < rows.Count; i++)
        {
            if (i == gapAt && gapAt > 0)
            {
                y += RowHeight;
            }
            y0[i] = y;
            y += RowHeight;
        }
        var width = LabelWidth + word * CellWidth + MarkerWidth;
        var height = y + 2 * RowHeight;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg class=\"stack\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" data-call=\"{call}\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\">");
        svg.Append(CultureInfo.InvariantCulture, $"<title>{E(title)}</title>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"4\" y=\"{RowHeight - 5}\" class=\"h\">{E(title)}</text>");
        if (gapAt > 0)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{LabelWidth}\" y=\"{y0[gapAt] - 5}\" class=\"a\">⋮ (above: words the call wrote outside the window)</text>");
        }
        var anchor = markers[0].Address;
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            var offset = unchecked((long)(row.Address - anchor));
            var label = $"{Hex.Of(row.Address)[^6..]} sp{(offset >= 0 ? "+" : "-")}0x{Math.Abs(offset):x}";
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"4\" y=\"{y0[i] + RowHeight - 5}\" class=\"a\">{E(label)}</text>");
            var kind = region(row.Address);
            var changed = !row.Before.AsSpan().SequenceEqual(row.After);
            var before = MemoryWords.GetWord(row.Before, word, isa.Abi.ByteOrder);
            var tip = changed ? $"{Hex.Of(row.Address)}: {Hex.Of(before)} -> {Hex.Of(MemoryWords.GetWord(row.After, word, isa.Abi.ByteOrder))}" : $"{Hex.Of(row.Address)}: {Hex.Of(before)}";
            svg.Append(CultureInfo.InvariantCulture, $"<g class=\"w {kind}{(changed ? " changed" : "")}\" data-address=\"{Hex.Of(row.Address)}\"><title>{E(tip)}</title>");
            for (var b = 0; b < word; b++)
            {
                var x = LabelWidth + b * CellWidth;
                svg.Append(CultureInfo.InvariantCulture,
                    $"<rect x=\"{x}\" y=\"{y0[i]}\" width=\"{CellWidth}\" height=\"{RowHeight}\" class=\"{(row.After[b] != row.Before[b] ? "cb" : kind)}\"/><text x=\"{x + 4}\" y=\"{y0[i] + RowHeight - 5}\" class=\"b\">{row.After[b]:x2}</text>");
            }
            svg.Append("</g>");
        }
        var right = LabelWidth + word * CellWidth;
        var windowRows = gapAt > 0 ? rows.Skip(gapAt).ToList() : rows;
        var first = gapAt > 0 ? gapAt : 0;
        // Markers at one address share a line: on a link-register ISA SP before, at entry and after are one address.
        foreach (var group in markers.GroupBy(m => m.Address))
        {
            // SP addresses the lowest byte in use: the marker sits on the bottom edge of the word at that address.
            var address = group.Key;
            var index = windowRows.FindIndex(r => r.Address == address);
            var my = index >= 0 ? y0[first + index] + RowHeight
                : windowRows.Count > 0 && address >= windowRows[0].Address + (ulong)word ? y0[first] : (windowRows.Count > 0 ? y0[first + windowRows.Count - 1] + RowHeight : RowHeight);
            var bad = group.Any(m => m.Bad);
            var text = $"{string.Join(" = ", group.Select(m => m.Text))}: {Hex.Of(address)}";
            svg.Append(CultureInfo.InvariantCulture,
                $"<g class=\"m{(bad ? " bad" : "")}\"><line x1=\"{right}\" y1=\"{my}\" x2=\"{right + 24}\" y2=\"{my}\"/><text x=\"{right + 28}\" y=\"{my + 4}\">{E(text)}</text></g>");
        }
        // The legend: one swatch per region drawn, and the changed-byte colour.
        var legendY = y + RowHeight / 2;
        var lx = 4;
        foreach (var (cls, text) in Legend.Where(l => l.Class == "cb" ? ran : rows.Any(r => region(r.Address) == l.Class)))
        {
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{lx}\" y=\"{legendY}\" width=\"12\" height=\"12\" class=\"{cls}\"/><text x=\"{lx + 16}\" y=\"{legendY + 10}\" class=\"a\">{E(text)}</text>");
            lx += 24 + text.Length * 7;
        }
        svg.Append("</svg>");
        return svg.ToString();
    }

    private static readonly (string Class, string Text)[] Legend =
    [
        ("caller", "caller's frame"), ("args", "stack arguments"), ("save", "register save area"), ("ret", "return address"),
        ("callee", "callee's frame"), ("cb", "changed by the call"),
    ];

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
