using System.Globalization;
using Tpsim.Harness.Cases;
using Tpsim.Harness.Running;

namespace Tpsim.Cli.Commands;

/// <summary>
/// Turns option strings into values. Options arrive as strings (not typed by Spectre) so that every bad
/// value gets a message from <see cref="CliErrors"/> naming the allowed values, not a converter's text.
/// </summary>
public static class OptionParsing
{
    public static ReportFormat Format(string? value, params ReportFormat[] allowed)
    {
        var text = value ?? "table";
        foreach (var f in allowed)
        {
            if (string.Equals(Name(f), text, StringComparison.OrdinalIgnoreCase))
            {
                return f;
            }
        }
        throw CliErrors.UnknownChoice("--format", text, allowed.Select(Name));
    }

    public static string Name(ReportFormat format) => format.ToString().ToLowerInvariant();

    /// <summary><c>--shard I/N</c>; the whole run when the option is absent.</summary>
    public static Shard Shard(string? value) =>
        value is null ? Harness.Running.Shard.Whole
        : Harness.Running.Shard.TryParse(value, out var shard, out var error) ? shard
        : throw CliErrors.BadShard(error);

    public static SiteKind Site(string? value)
    {
        var text = value ?? "c";
        return text.ToLowerInvariant() switch
        {
            "c" => SiteKind.C,
            "asm" or "s" => SiteKind.Asm,
            _ => throw CliErrors.UnknownChoice("--site", text, ["c", "asm"]),
        };
    }

    public static int Args(string? value)
    {
        if (value is null)
        {
            return CaseSettings.DefaultArgs;
        }
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n <= StubMatrix.MaxArgs)
        {
            return n;
        }
        throw CliErrors.ArgsOutOfRange(value, StubMatrix.MaxArgs);
    }
}
