using Tpsim.Emulator.Checking;

namespace Tpsim.KernelSim.Scenarios;

/// <summary>
/// Parses the scenario language. One command per line, tokens separated by whitespace; a <c>#</c> at the start of a line
/// or after whitespace starts a comment that runs to the end of the line; blank lines are ignored; lines are numbered from 1.
/// <code>
/// tracepoint NAME NARGS                     declare a tracepoint taking NARGS (0..12) long arguments
/// module NAME probes P1 P2 ...              built-in recording module with these probes
/// module NAME source FILE.c                 a user's module source, path relative to the scenario file
/// load MODULE                               compile (cached), load, run its init
/// unload MODULE                             run its exit, unmap it
/// register TP MODULE.PROBE [prio=N] [data=HEX]
/// unregister TP MODULE.PROBE [data=HEX]
/// fail-alloc [N] [path=NAME]                the next N kmalloc calls fail (default 1)
/// fire TP ARG...                            run the emulated iterator with these arguments
/// grace-period                              end the current RCU grace period
/// expect return VALUE                       result of the previous register/unregister
/// expect calls MODULE.PROBE...              real probes called by the previous fire, in order (alone: none)
/// expect array ENTRY...                     current funcs array: MODULE.PROBE, stub, skip, sentinel (alone: NULL)
/// expect verdict balanced|unbalanced|trap|fault|timeout    verdict of the previous fire
/// expect dmesg KIND...                      kernel messages logged by the previous step (alone: none)
/// </code>
/// <para>
/// Extensions beyond the original command set, none of which changes the meaning of a line that does not use them:
/// </para>
/// <list type="bullet">
/// <item>Any line may end with <c>when S1 S2 ...</c>: the step only runs for those removal strategies
/// (<see cref="ScenarioStep.When"/>, <see cref="ScenarioStep.AppliesTo(string, string)"/>). The names must be among the strategies passed
/// to the parser, at least one must be given, none twice. On a declaration the clause is recorded but declarations are
/// static: the parser's checks treat a declared name as declared for every strategy.</item>
/// <item><c>unregister TP MODULE.PROBE data=HEX</c>: the data must match the registration's; both default to 0.</item>
/// <item><c>fail-alloc [N] path=NAME</c>: only allocations whose call path is NAME (a C identifier such as
/// <c>func_remove</c> or <c>func_add</c>) count towards N and fail.</item>
/// <item><c>expect dmesg KIND...</c>: kernel messages of these kinds (lower-case words of letters and digits joined by
/// dashes) were logged by the previous step that is not an expectation, in any order, duplicates allowed.</item>
/// </list>
/// <para>
/// Numbers: NARGS is decimal 0..12; prio a decimal int, possibly negative (default <see cref="DefaultPrio"/>); data hexadecimal
/// with or without <c>0x</c> (default 0); a fire argument decimal (a negative one is stored in two's complement) or <c>0x</c>
/// hexadecimal, within the range of long or ulong; fail-alloc N decimal, at least 1; an expected return value 0, -ENOMEM,
/// -EEXIST, -ENOENT, -EINVAL or a decimal integer. Tracepoint, module and probe names are C identifiers; module and
/// tracepoint names are unique and must be declared on an earlier line than their first use.
/// </para>
/// <para>
/// Other checks: a recording module's probes must be in its probe list (a source module's probe names are checked at run
/// time); a recording probe must only be registered on tracepoints with the same NARGS; fire takes exactly NARGS arguments;
/// <c>expect return</c> needs an earlier register/unregister, <c>expect calls</c> and <c>expect verdict</c> an earlier
/// fire, and <c>expect dmesg</c> an earlier step that is not a declaration or an expectation - for every strategy the
/// expectation runs for; a source file must exist (scenarios built into tpsim cannot use source modules); options
/// are only the ones listed for the command, each at most once. Every error is a <see cref="ScenarioSyntaxException"/>
/// naming the file, the line and the offending word.
/// </para>
/// </summary>
public static partial class ScenarioParser
{
    /// <summary>The largest NARGS of a tracepoint.</summary>
    public const int MaxArgs = 12;

    /// <summary>The priority of a registration without <c>prio=</c>.</summary>
    public const int DefaultPrio = 10;

    /// <summary>What <c>expect trap</c> accepts: the trap kinds a verdict reports, and <c>none</c>.</summary>
    public static readonly IReadOnlyList<string> TrapKinds = [.. KindNames.All<TrapKind>(), NoTrap];

    /// <summary>How <c>expect trap</c> spells "the last fire did not trap".</summary>
    public const string NoTrap = "none";

    /// <summary>The prefix of <see cref="Scenario.File"/> for scenarios built into tpsim.</summary>
    public const string BuiltinPrefix = "builtin:";

    /// <summary>Parses <paramref name="text"/>; <paramref name="file"/> names it in errors and locates source modules.</summary>
    /// <param name="strategies">The removal strategies <c>when</c> may name.</param>
    /// <param name="name">The scenario's name; by default the file name without extension.</param>
    /// <exception cref="ScenarioSyntaxException">The text is not a valid scenario.</exception>
    public static Scenario Parse(string text, string file, IReadOnlyCollection<string> strategies, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(strategies);
        var parser = new Parser(file, strategies);
        using var reader = new StringReader(text);
        var number = 0;
        for (var raw = reader.ReadLine(); raw is not null; raw = reader.ReadLine())
        {
            number++;
            if (ScenarioLine.Read(file, number, raw, strategies) is { } line)
            {
                parser.Add(line);
            }
        }
        return parser.Finish(name ?? DefaultName(file));
    }

    /// <summary><see cref="Parse"/> without the exception.</summary>
    public static bool TryParse(
        string text,
        string file,
        IReadOnlyCollection<string> strategies,
        out Scenario? scenario,
        out ScenarioSyntaxException? error,
        string? name = null)
    {
        try
        {
            scenario = Parse(text, file, strategies, name);
            error = null;
            return true;
        }
        catch (ScenarioSyntaxException e)
        {
            scenario = null;
            error = e;
            return false;
        }
    }

    /// <summary>Reads and parses a scenario file; a missing or unreadable file is a <see cref="ScenarioSyntaxException"/> at line 0.</summary>
    public static Scenario ParseFile(string path, IReadOnlyCollection<string> strategies)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Directory.Exists(path))
        {
            throw new ScenarioSyntaxException(path, 0, "is a directory, not a scenario file", path);
        }
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ScenarioSyntaxException(path, 0, "scenario file not found", path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new ScenarioSyntaxException(path, 0, $"cannot read scenario file: {e.Message}", path);
        }
        return Parse(text, path, strategies);
    }

    private static string DefaultName(string file) =>
        file.StartsWith(BuiltinPrefix, StringComparison.Ordinal) ? file[BuiltinPrefix.Length..] : Path.GetFileNameWithoutExtension(file);
}
