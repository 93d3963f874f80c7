using Spectre.Console;

namespace Tpsim.Cli.Reports;

/// <summary>Where a report goes: stdout, or the file named by <c>--out</c>.</summary>
public static class ReportOutput
{
    /// <summary>Checked before any case runs, so a typo in --out does not cost a whole matrix run.</summary>
    public static string? Resolve(string? path)
    {
        if (path is null)
        {
            return null;
        }
        if (string.IsNullOrWhiteSpace(path))
        {
            throw CliErrors.OutEmpty();
        }
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full);
        if (dir is not null && !Directory.Exists(dir))
        {
            throw CliErrors.OutDirectoryMissing(path);
        }
        if (Directory.Exists(full))
        {
            throw CliErrors.OutUnwritable(path, new IOException("it is a directory"));
        }
        return full;
    }

    public static Stream Open(string? fullPath)
    {
        if (fullPath is null)
        {
            System.Console.Out.Flush();
            return new ReportStream(System.Console.OpenStandardOutput(), "standard output");
        }
        try
        {
            return new ReportStream(new FileStream(fullPath, FileMode.Create, FileAccess.Write, FileShare.Read), fullPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw CliErrors.OutUnwritable(fullPath, ex);
        }
    }

    /// <summary>
    /// The terminal when there is one; when stdout is a pipe or file, a plain wide console, because Spectre
    /// would otherwise wrap every table to 80 columns and fill logs with escape codes.
    /// </summary>
    public static IAnsiConsole Console() =>
        System.Console.IsOutputRedirected ? PlainConsole(new StreamWriter(Open(null)) { AutoFlush = true }) : AnsiConsole.Console;

    /// <summary>
    /// The totals line after a report in a machine format or in a file: on stderr when the report is on stdout (a JSON
    /// or JUnit report must stay parseable), else on the console with the report's path.
    /// </summary>
    public static void Totals(string line, bool ok, string? outPath)
    {
        var console = outPath is null ? StandardError.Console : Console();
        console.MarkupLine($"[{(ok ? "green" : "red")}]{Markup.Escape(line)}[/]");
        if (outPath is not null)
        {
            console.MarkupLineInterpolated($"report: {outPath}");
        }
    }

    /// <summary>A colourless console of fixed width, so a table saved to a file has no escape codes and no wrapping surprises.</summary>
    public static IAnsiConsole PlainConsole(TextWriter writer, int width = 200)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = width;
        return console;
    }
}
