namespace Tpsim.KernelSim.Scenarios;

/// <summary>
/// A scenario cannot be parsed. The message is <c>{File}:{Line}: {What} (at '{Word}')</c>; <see cref="Line"/> is 1-based,
/// or 0 when the file itself cannot be read or found.
/// </summary>
public sealed class ScenarioSyntaxException : Exception
{
    /// <summary>A problem of the file as a whole, at <paramref name="line"/>, with no word to point at.</summary>
    public ScenarioSyntaxException(string file, int line, string what)
        : base($"{file}:{line}: {what}")
    {
        File = file;
        Line = line;
        What = what;
        Word = "";
    }

    public ScenarioSyntaxException(string file, int line, string what, string word)
        : base($"{file}:{line}: {what} (at '{word}')")
    {
        File = file;
        Line = line;
        What = what;
        Word = word;
    }

    /// <summary>The scenario's path as given to the parser, or <c>builtin:NAME</c>.</summary>
    public string File { get; }

    /// <summary>The 1-based line, or 0 for a file that cannot be read.</summary>
    public int Line { get; }

    /// <summary>The description of the problem, without location.</summary>
    public string What { get; }

    /// <summary>The offending word of the line (or the path, for an unreadable file).</summary>
    public string Word { get; }
}
