using System.Text.RegularExpressions;

namespace Tpsim.Linux.Build;

/// <summary>Reads kbuild's log for the line a maintainer looks at first when a build fails.</summary>
public static partial class KbuildLog
{
    /// <summary>The first compiler or linker error, else make's first "***" or "Error" line, else the log's last line.</summary>
    public static string FirstError(IReadOnlyList<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        return lines.FirstOrDefault(l => CompilerError().IsMatch(l))
            ?? lines.FirstOrDefault(l => l.Contains("***", StringComparison.Ordinal) || MakeError().IsMatch(l))
            ?? lines.LastOrDefault(l => l.Trim().Length > 0)
            ?? "(kbuild printed nothing)";
    }

    [GeneratedRegex(@"(^|\s)(fatal )?error:|: undefined reference to|^ERROR: ", RegexOptions.IgnoreCase)]
    private static partial Regex CompilerError();

    [GeneratedRegex(@"make(\[\d+\])?: \*\*\*|Error \d+")]
    private static partial Regex MakeError();
}
