using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;
using Tpsim.Emulator.Isa;

namespace Tpsim.Emulator.Toolchain;

/// <summary>
/// Disassembly through LLVM's own decoders and instruction printers, in process: libLLVM-19's C API with the ISA's
/// <see cref="LlvmDisassembly"/>. The text is llvm-objdump-19's for the same bytes (<see cref="Disassembler"/> is the
/// test oracle) without its annotations: no <c>&lt;symbol+offset&gt;</c> after a target, no trailing comment.
/// Branch and call targets print as addresses, or as the names a caller's symbolizer gives them.
/// </summary>
/// <remarks>
/// Thread-safe: each call holds the instance's lock, because an LLVM context is not (and a Thumb context carries the
/// IT-block state from one instruction to the next); decode in parallel with one instance per thread. Dispose it to
/// free the native contexts deterministically. <c>LLVMDisasmInstruction</c> treats an encoding the decoder only
/// soft-fails (UNPREDICTABLE) as undecodable, where llvm-objdump prints it.
/// </remarks>
public sealed partial class LlvmDisassembler : IDisposable
{
    /// <summary>The library this binds, from Debian's libllvm19.</summary>
    public const string Library = LlvmNative.Soname;

    /// <summary>The text of an undecodable position, as llvm-objdump spells it.</summary>
    public const string Unknown = "<unknown>";

    private const int TextCapacity = 1024;

    private readonly Mode _primary;
    private readonly Mode? _thumb;
    private readonly Lock _lock = new();

    private LlvmDisassembler(Mode primary, Mode? thumb)
    {
        _primary = primary;
        _thumb = thumb;
    }

    /// <summary>Null when libLLVM-19 loads, else why not and how to install it.</summary>
    public static string? CheckLibrary(string soname = Library) => LlvmNative.LoadError(soname);

    /// <summary>
    /// A disassembler for <paramref name="isa"/>'s code; <paramref name="symbolize"/> names branch and call targets (null:
    /// leave the address). Throws <see cref="DllNotFoundException"/> naming the package when libLLVM-19 is missing.
    /// </summary>
    public static LlvmDisassembler Create(IsaBackend isa, Func<ulong, string?>? symbolize = null)
    {
        ArgumentNullException.ThrowIfNull(isa);
        return Create(isa.Toolchain.Disassembly ?? throw new InvalidOperationException(NoSettings(isa)), symbolize);
    }

    public static bool TryCreate(IsaBackend isa, Func<ulong, string?>? symbolize,
        [NotNullWhen(true)] out LlvmDisassembler? disassembler, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(isa);
        if (isa.Toolchain.Disassembly is not { } settings)
        {
            disassembler = null;
            error = NoSettings(isa);
            return false;
        }
        return TryCreate(settings, symbolize, out disassembler, out error);
    }

    /// <summary>A disassembler for explicit settings (another CPU, a test's variation of an ISA's).</summary>
    public static LlvmDisassembler Create(LlvmDisassembly settings, Func<ulong, string?>? symbolize = null)
    {
        if (CheckLibrary() is { } missing)
        {
            throw new DllNotFoundException(missing);
        }
        return TryCreate(settings, symbolize, out var disassembler, out var error) ? disassembler : throw new InvalidOperationException(error);
    }

    public static bool TryCreate(LlvmDisassembly settings, Func<ulong, string?>? symbolize,
        [NotNullWhen(true)] out LlvmDisassembler? disassembler, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(settings);
        disassembler = null;
        if ((error = CheckLibrary()) is not null)
        {
            return false;
        }
        if (!Mode.TryCreate(settings, symbolize, out var primary, out error))
        {
            return false;
        }
        Mode? thumb = null;
        if (settings.Thumb is { } thumbSettings && !Mode.TryCreate(thumbSettings, symbolize, out thumb, out error))
        {
            primary.Dispose();
            return false;
        }
        disassembler = new LlvmDisassembler(primary, thumb);
        return true;
    }

    /// <summary>
    /// Decodes the instruction at the start of <paramref name="code"/>, which sits at <paramref name="address"/>; false
    /// when the bytes do not decode (or are too few). Where the ISA has a Thumb state an odd address selects it, as a
    /// code pointer does, and the instruction's address is the even one.
    /// </summary>
    public bool TryDecode(ReadOnlySpan<byte> code, ulong address, [NotNullWhen(true)] out DisassembledInstruction? instruction)
    {
        var (mode, pc) = Select(address);
        lock (_lock)
        {
            instruction = mode.Decode(code, pc);
        }
        return instruction is not null;
    }

    /// <summary>
    /// Decodes <paramref name="code"/> from start to end. An undecodable position becomes an <see cref="Unknown"/> entry
    /// of the ISA's minimum instruction size (or the bytes left), and decoding goes on after it.
    /// </summary>
    public IReadOnlyList<DisassembledInstruction> DecodeAll(ReadOnlySpan<byte> code, ulong address)
    {
        var (mode, pc) = Select(address);
        var instructions = new List<DisassembledInstruction>();
        lock (_lock)
        {
            var offset = 0;
            while (offset < code.Length)
            {
                var at = pc + (ulong)offset;
                var rest = code[offset..];
                var instruction = mode.Decode(rest, at)
                    ?? new DisassembledInstruction(at, rest[..Math.Min(mode.MinimumSize, rest.Length)].ToArray(), Unknown);
                instructions.Add(instruction);
                offset += instruction.Bytes.Length;
            }
        }
        return instructions;
    }

    public void Dispose()
    {
        _primary.Dispose();
        _thumb?.Dispose();
    }

    private static string NoSettings(IsaBackend isa) => $"{isa.Name} declares no LLVM disassembly in its toolchain settings";

    private (Mode Mode, ulong Pc) Select(ulong address) =>
        _thumb is not null && (address & 1) != 0 ? (_thumb, address & ~1UL) : (_primary, address);

    /// <summary>One LLVM context (ARM and Thumb each have their own) and how its text becomes llvm-objdump's.</summary>
    private sealed class Mode : IDisposable
    {
        private readonly LlvmDisasmHandle _context;
        private readonly (Regex Pattern, PcRelativeKind Kind)[] _pcRelative;

        private Mode(LlvmDisasmHandle context, LlvmDisassembly settings)
        {
            _context = context;
            MinimumSize = settings.MinimumInstructionSize;
            _pcRelative = [.. settings.PcRelativeOperands.Select(o => (new Regex(o.Pattern, RegexOptions.CultureInvariant), o.Kind))];
        }

        public int MinimumSize { get; }

        public static bool TryCreate(LlvmDisassembly settings, Func<ulong, string?>? symbolize,
            [NotNullWhen(true)] out Mode? mode, [NotNullWhen(false)] out string? error)
        {
            mode = null;
            if (!LlvmNative.TryInitialize(settings.Target))
            {
                error = $"LLVM target '{settings.Target}' is not one tpsim binds (X86, AArch64, RISCV, ARM, SystemZ, Mips, PowerPC)";
                return false;
            }
            var lookup = new LlvmSymbolLookup(symbolize, settings.TargetAddressMask);
            if (!LlvmDisasmHandle.TryCreate(settings.Triple, settings.Cpu, settings.Features, lookup, out var context, out error))
            {
                return false;
            }
            mode = new Mode(context, settings);
            return true;
        }

        public unsafe DisassembledInstruction? Decode(ReadOnlySpan<byte> code, ulong pc)
        {
            if (code.IsEmpty)
            {
                return null;
            }
            var text = stackalloc byte[TextCapacity];
            nuint size;
            fixed (byte* bytes = code)
            {
                size = LlvmNative.LLVMDisasmInstruction(_context, bytes, (ulong)code.Length, pc, text, TextCapacity);
            }
            _context.Lookup.ThrowIfFailed();
            if (size == 0)
            {
                return null;
            }
            var raw = Encoding.UTF8.GetString(MemoryMarshal.CreateReadOnlySpanFromNullTerminated(text));
            return new DisassembledInstruction(pc, code[..(int)size].ToArray(), ResolvePcRelative(Normalize(raw), pc));
        }

        public void Dispose() => _context.Dispose();

        // The printer's layout is a tab before the mnemonic and one after it; a few instructions print on several lines.
        private static string Normalize(string raw) =>
            string.Join("; ", raw.Split('\n').Select(line => Whitespace().Replace(line.Trim(), " ")).Where(line => line.Length > 0));

        private string ResolvePcRelative(string text, ulong pc)
        {
            foreach (var (pattern, kind) in _pcRelative)
            {
                var match = pattern.Match(text);
                if (!match.Success)
                {
                    continue;
                }
                var span = match.Groups["operand"].Success ? match.Groups["operand"] : match.Groups["offset"];
                var offset = ParseOffset(match.Groups["offset"].Value);
                var lookup = _context.Lookup;
                var operand = kind switch
                {
                    PcRelativeKind.Page => lookup.Address((pc & ~0xfffUL) + (ulong)(offset << 12)),
                    PcRelativeKind.Address => lookup.Address(pc + (ulong)offset),
                    _ => lookup.Name(pc + (ulong)offset),
                };
                return string.Concat(text.AsSpan(0, span.Index), operand, text.AsSpan(span.Index + span.Length));
            }
            return text;
        }

        // "0x1c", "-0x1c", "+28", "-28", "12".
        private static long ParseOffset(string text)
        {
            var negative = text.StartsWith('-');
            var digits = text.TrimStart('-', '+');
            var magnitude = digits.StartsWith("0x", StringComparison.Ordinal)
                ? long.Parse(digits.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture)
                : long.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
            return negative ? -magnitude : magnitude;
        }
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
