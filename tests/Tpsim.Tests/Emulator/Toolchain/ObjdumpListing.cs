using System.Text.RegularExpressions;
using Tpsim.Emulator.Toolchain;

namespace Tpsim.Tests.Emulator.Toolchain;

/// <summary>
/// One section of llvm-objdump-19's <c>-d</c> listing read back, the oracle <see cref="LlvmDisassembler"/> is compared
/// with (only tests read objdump's text). The instruction text is objdump's without its annotations: no
/// <c>&lt;symbol+offset&gt;</c> after an address and no trailing comment, whitespace runs as one space, the lines
/// of a multi-line instruction joined by "; ".
/// </summary>
public sealed partial class ObjdumpListing
{
    private readonly Dictionary<ulong, (byte[] Bytes, string Text)> _lines = [];
    private readonly List<ulong> _skips = [];

    /// <summary>Instructions listed, by address.</summary>
    public IReadOnlyDictionary<ulong, (byte[] Bytes, string Text)> Lines => _lines;

    /// <summary>
    /// Reads every section's listing. <paramref name="commentMarker"/> starts objdump's trailing comments on this ISA
    /// ("#", "//" on AArch64, "@" on ARM); a group of hex digits wider than a byte is a little-endian word (or a Thumb halfword).
    /// </summary>
    public static IReadOnlyDictionary<string, ObjdumpListing> Parse(string listing, string commentMarker)
    {
        var sections = new Dictionary<string, ObjdumpListing>(StringComparer.Ordinal);
        ObjdumpListing? current = null;
        ulong? last = null;
        var comment = new Regex($@"\s+{Regex.Escape(commentMarker)} .*$");
        foreach (var line in listing.Split('\n'))
        {
            if (SectionHeader().Match(line) is { Success: true } header)
            {
                current = sections[header.Groups[1].Value] = new ObjdumpListing();
                last = null;
            }
            else if (current is null)
            {
                continue;
            }
            else if (InstructionLine().Match(line) is { Success: true } m)
            {
                var address = Convert.ToUInt64(m.Groups[1].Value, 16);
                var bytes = m.Groups[2].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).SelectMany(WordBytes).ToArray();
                current._lines[address] = (bytes, Clean(m.Groups[3].Value, comment));
                last = address;
            }
            else if (line.Trim() == "...")
            {
                current._skips.Add(last is { } a ? a + (ulong)current._lines[a].Bytes.Length : 0);
            }
            else if (last is { } previous && line.StartsWith('\t') && Clean(line, comment) is { Length: > 0 } more)
            {
                // An instruction printed on several lines (mips64's rdhwr inside .set push/pop).
                var (bytes, text) = current._lines[previous];
                current._lines[previous] = (bytes, $"{text}; {more}");
            }
        }
        return sections;
    }

    /// <summary>
    /// Every difference between <paramref name="decoded"/> and this listing: address, bytes and text per instruction.
    /// Inside objdump's "..." (a run of at least eight zero bytes it does not list) a decoded instruction must be all zeros.
    /// Listed lines at addresses <paramref name="isData"/> accepts are left out (data in code, which was not decoded).
    /// </summary>
    public IReadOnlyList<string> Mismatches(IReadOnlyList<DisassembledInstruction> decoded, Func<ulong, bool>? isData = null)
    {
        var mismatches = new List<string>();
        var seen = new HashSet<ulong>();
        foreach (var insn in decoded)
        {
            if (_lines.TryGetValue(insn.Address, out var theirs))
            {
                seen.Add(insn.Address);
                if (!theirs.Bytes.AsSpan().SequenceEqual(insn.Bytes) || theirs.Text != insn.Text)
                {
                    mismatches.Add($"{insn} | objdump: {Convert.ToHexStringLower(theirs.Bytes)} {theirs.Text}");
                }
            }
            else if (!SkipsZeros(insn))
            {
                mismatches.Add($"{insn} | objdump lists no instruction there");
            }
        }
        mismatches.AddRange(_lines.Keys.Where(a => !seen.Contains(a) && isData?.Invoke(a) != true).Order().Select(a => $"{a:x}: objdump lists {_lines[a].Text}, decoded nothing there"));
        return mismatches;
    }

    /// <summary>Whether <paramref name="insn"/> is all zeros inside a run objdump skipped ("...").</summary>
    public bool SkipsZeros(DisassembledInstruction insn)
    {
        if (insn.Bytes.Any(b => b != 0))
        {
            return false;
        }
        foreach (var start in _skips)
        {
            var end = _lines.Keys.Where(a => a > start).DefaultIfEmpty(ulong.MaxValue).Min();
            if (insn.Address >= start && insn.Address < end)
            {
                return true;
            }
        }
        return false;
    }

    private static IEnumerable<byte> WordBytes(string group)
    {
        var bytes = Convert.FromHexString(group);
        return group.Length > 2 ? bytes.Reverse() : bytes;
    }

    private static string Clean(string text, Regex comment)
    {
        var withoutComment = comment.Replace(text, "");
        var withoutSymbols = Annotation().Replace(withoutComment, "");
        return Whitespace().Replace(withoutSymbols.Trim(), " ");
    }

    [GeneratedRegex(@"^Disassembly of section (\S+):")]
    private static partial Regex SectionHeader();

    // "  4000001c: 48 89 e5      \tmovq\t%rsp, %rbp": address, the encoding as printed, a tab, the text.
    [GeneratedRegex(@"^\s*([0-9a-f]+):\s+((?:[0-9a-f]{2,8} )*[0-9a-f]{2,8})\s*\t(.*)$")]
    private static partial Regex InstructionLine();

    // " <.text+0x1a>" after an address objdump resolved.
    [GeneratedRegex(@"\s<[^<>]*>")]
    private static partial Regex Annotation();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
