using System.Globalization;

namespace Tpsim.Cli.Reports;

/// <summary>Register values and addresses are reported as "0x…" strings: JSON numbers lose precision above 2^53.</summary>
public static class Hex
{
    public static string Of(ulong value) => "0x" + value.ToString("x", CultureInfo.InvariantCulture);
}
