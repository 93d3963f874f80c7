using Tpsim.Emulator.Checking;

namespace Tpsim.Harness.Generation;

/// <summary>
/// A C type a generated tracepoint prototype can take, with the short code its spec uses. The value the site
/// passes at position k is fixed by the type and k (<see cref="Value"/>), so a spec names types only.
/// </summary>
public sealed record ArgType(string Code, string CType, int Bits, bool Signed)
{
    public static readonly ArgType Long = new("l", "long", 0, true);
    public static readonly ArgType ULong = new("ul", "unsigned long", 0, false);
    public static readonly ArgType Int = new("i", "int", 32, true);
    public static readonly ArgType UInt = new("ui", "unsigned int", 32, false);
    public static readonly ArgType Short = new("s", "short", 16, true);
    public static readonly ArgType UShort = new("us", "unsigned short", 16, false);
    public static readonly ArgType Char = new("c", "signed char", 8, true);
    public static readonly ArgType UChar = new("uc", "unsigned char", 8, false);
    public static readonly ArgType Pointer = new("p", "void *", 0, false);

    /// <summary>A 64-bit integer: a register pair or two stack words on the 32-bit ISAs.</summary>
    public static readonly ArgType U64 = new("u64", "unsigned long long", 64, false);

    public static IReadOnlyList<ArgType> All { get; } = [Long, ULong, Int, UInt, Short, UShort, Char, UChar, Pointer, U64];

    public static bool TryParse(string code, out ArgType type)
    {
        type = All.FirstOrDefault(t => t.Code == code)!;
        return type is not null;
    }

    /// <summary>Bits on an ISA whose long and pointer have <paramref name="wordBytes"/> bytes.</summary>
    public int BitsOn(int wordBytes) => Bits == 0 ? wordBytes * 8 : Bits;

    /// <summary>Machine words the value occupies: two for a 64-bit integer on a 32-bit ISA.</summary>
    public int Words(int wordBytes) => BitsOn(wordBytes) > wordBytes * 8 ? 2 : 1;

    /// <summary>
    /// The value passed at position <paramref name="k"/>: the matrix's argument seed cut to the type, with the
    /// sign bit set in every signed narrow type so that a missing or wrong extension shows.
    /// </summary>
    public ulong Value(int k, int wordBytes)
    {
        var seed = Seeds.Argument(k);
        var bits = BitsOn(wordBytes);
        var v = bits == 64 ? seed : seed & ((1UL << bits) - 1);
        if (Signed && bits < 64)
        {
            v |= 1UL << (bits - 1);
        }
        return v;
    }

    /// <summary>
    /// What the generated probe records for that value, as a word: the value converted to long (sign- or
    /// zero-extended, or cut to the word), or for a 64-bit integer both halves folded into one word so that
    /// swapped or lost halves show.
    /// </summary>
    public ulong Recorded(int k, int wordBytes)
    {
        var v = Value(k, wordBytes);
        var bits = BitsOn(wordBytes);
        ulong extended = Signed && bits < 64 && (v >> (bits - 1) & 1) == 1 ? v | ~((1UL << bits) - 1) : v;
        if (this == U64)
        {
            extended = v ^ ((v >> 32) * FoldMultiplier);
        }
        return wordBytes == 8 ? extended : extended & 0xffff_ffffUL;
    }

    /// <summary>The odd multiplier of the fold, as the generated C spells it.</summary>
    public const ulong FoldMultiplier = 0x9e3779b1;

    /// <summary>The C expression of <see cref="Value"/>, a literal of the type.</summary>
    public string Literal(int k, int wordBytes) =>
        this == Pointer ? $"(void *)0x{Value(k, wordBytes):x}UL" : $"({CType})0x{Value(k, wordBytes):x}ULL";

    public override string ToString() => Code;
}
