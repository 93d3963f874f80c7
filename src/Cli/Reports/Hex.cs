using System.Globalization;

namespace Tpsim.Cli.Reports;

/// <summary>Register values and addresses are reported as "0x…" strings: JSON numbers lose precision above 2^53.</summary>
public static class Hex
{
    public static string Of(ulong value) => "0x" + value.ToString("x", CultureInfo.InvariantCulture);

    /// <summary>Reads back what <see cref="Of"/> wrote ("0x" and hex digits).</summary>
    public static bool TryParse(string? text, out ulong value)
    {
        value = 0;
        return text is not null && text.StartsWith("0x", StringComparison.Ordinal)
            && ulong.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
    }

    public static ulong Parse(string? text) => TryParse(text, out var value) ? value : throw new FormatException($"'{text}' is not a 0x hex number");
}
