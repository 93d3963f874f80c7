using System.Globalization;
using System.Text.RegularExpressions;
using Tpsim.Emulator.Toolchain;

namespace Tpsim.Tests.Emulator.Checking;

/// <summary>
/// An independent reading of a kCFI call site: parses <c>llvm-objdump-19 -d</c> of the compiled object
/// (not the bytes tpsim decodes) for the type hash the check compares with, the displacement at which it
/// reads the target's word, and the offset of its trap instruction.
/// </summary>
internal sealed partial class ObjdumpOracle
{
    private readonly Dictionary<string, List<Line>> _functions = [];

    public ObjdumpOracle(string isa, byte[] elf)
    {
        Isa = isa;
        Text = new Disassembler().Disassemble(global::Tpsim.Arch.IsaRegistry.Create(isa), elf, "kcfi.o");
        List<Line>? current = null;
        ulong start = 0;
        foreach (var raw in Text.Split('\n'))
        {
            if (Header().Match(raw) is { Success: true } h)
            {
                start = ulong.Parse(h.Groups[1].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                _functions[h.Groups[2].Value] = current = [];
                continue;
            }
            if (current is null || Insn().Match(raw) is not { Success: true } m)
            {
                continue;
            }
            var address = ulong.Parse(m.Groups[1].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            var operands = Comment().Replace(m.Groups[3].Value, "").Trim();
            current.Add(new Line(address - start, m.Groups[2].Value, operands));
        }
    }

    public string Isa { get; }

    /// <summary>The whole disassembly, for failure messages.</summary>
    public string Text { get; }

    /// <summary>One instruction: offset from its function's label, mnemonic, operands without comments.</summary>
    public sealed record Line(ulong Offset, string Mnemonic, string Operands);

    public IReadOnlyList<Line> Function(string name) =>
        _functions.TryGetValue(name, out var lines) ? lines : throw new KeyNotFoundException($"no <{name}> in\n{Text}");

    /// <summary>The type hash the kCFI check in <paramref name="function"/> compares the target's word with.</summary>
    public uint ExpectedHash(string function)
    {
        var lines = Function(function);
        switch (Isa)
        {
            case "x86_64":
            {
                // movl $-HASH, %r10d (or %r11d)
                var mov = lines.First(l => l.Mnemonic == "movl" && MovTemp().IsMatch(l.Operands));
                return 0u - (uint)ParseImmediate(mov.Operands.Split(',')[0].TrimStart('$'));
            }
            case "arm64":
            {
                // movk wT, #lo ; movk wT, #hi, lsl #16
                var movk = lines.Where(l => l.Mnemonic == "movk").ToList();
                var lo = movk.Single(l => !l.Operands.Contains("lsl", StringComparison.Ordinal));
                var hi = movk.Single(l => l.Operands.Contains("lsl #16", StringComparison.Ordinal));
                return (uint)(ParseImmediate(hi.Operands.Split(',')[1].Trim().TrimStart('#')) << 16)
                    | (uint)ParseImmediate(lo.Operands.Split(',')[1].Trim().TrimStart('#'));
            }
            case "riscv64":
            {
                // lui tT, HI20 ; addiw tT, tT, LO12 (either may be absent)
                var beq = lines.First(l => l.Mnemonic == "beq");
                var reg = beq.Operands.Split(',')[1].Trim();
                var lui = lines.FirstOrDefault(l => l.Mnemonic == "lui" && l.Operands.StartsWith(reg + ",", StringComparison.Ordinal));
                var add = lines.FirstOrDefault(l => l.Mnemonic is "addiw" or "addi" && l.Operands.StartsWith($"{reg}, {reg},", StringComparison.Ordinal));
                var hi = lui is null ? 0 : ParseImmediate(lui.Operands.Split(',')[1]);
                var lo = add is null ? 0 : ParseImmediate(add.Operands.Split(',')[2]);
                return (uint)((hi << 12) + lo);
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(Isa), Isa, null);
        }
    }

    /// <summary>Where, relative to the call target, the check in <paramref name="function"/> reads the target's word (negative).</summary>
    public long TypeWordDisplacement(string function)
    {
        var lines = Function(function);
        return Isa switch
        {
            // addl -0x4(%rcx), %r10d
            "x86_64" => ParseImmediate(lines.First(l => l.Mnemonic == "addl" && AddTemp().IsMatch(l.Operands)).Operands.Split('(')[0]),
            // ldur w16, [x8, #-0x4]
            "arm64" => ParseImmediate(lines.First(l => l.Mnemonic == "ldur").Operands.Split('#')[1].TrimEnd(']')),
            // lw t1, -0x4(a4)
            "riscv64" => ParseImmediate(lines.First(l => l.Mnemonic == "lw").Operands.Split(',')[1].Split('(')[0]),
            _ => throw new ArgumentOutOfRangeException(nameof(Isa), Isa, null),
        };
    }

    /// <summary>Offset, from <paramref name="function"/>'s label, of the trap that ends its kCFI check.</summary>
    public ulong TrapOffset(string function) =>
        Function(function).First(l => l.Mnemonic is "ud2" or "brk" or "ebreak" or "c.ebreak").Offset;

    /// <summary>The trap instruction's text as objdump prints it (mnemonic and operands).</summary>
    public string TrapText(string function)
    {
        var line = Function(function).First(l => l.Mnemonic is "ud2" or "brk" or "ebreak" or "c.ebreak");
        return line.Operands.Length == 0 ? line.Mnemonic : $"{line.Mnemonic} {line.Operands}";
    }

    private static long ParseImmediate(string text)
    {
        var t = text.Trim();
        var negative = t.StartsWith('-');
        t = t.TrimStart('-');
        var value = t.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? long.Parse(t[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture)
            : long.Parse(t, CultureInfo.InvariantCulture);
        return negative ? -value : value;
    }

    [GeneratedRegex(@"^([0-9a-f]+) <([^>]+)>:$")]
    private static partial Regex Header();

    // "      64: 41 ba ae aa da ee     \tmovl\t$0xeedaaaae, %r10d   # imm = ..."
    [GeneratedRegex(@"^\s*([0-9a-f]+):\s[^\t]*\t(\S+)\t?(.*)$")]
    private static partial Regex Insn();

    // x86 "# imm = ..." and "# 0x.. <sym>" comments (two or more spaces then #), arm64 "// =1" comments.
    [GeneratedRegex(@"(\s{2,}#.*|\s*//.*)$")]
    private static partial Regex Comment();

    [GeneratedRegex(@"^\$[-0-9a-fx]+, %r1[01]d$")]
    private static partial Regex MovTemp();

    [GeneratedRegex(@"\), %r1[01]d$")]
    private static partial Regex AddTemp();
}
