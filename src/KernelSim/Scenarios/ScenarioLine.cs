namespace Tpsim.KernelSim.Scenarios;

/// <summary>One non-blank scenario line split into command, operands and <c>when</c> clause.</summary>
internal sealed class ScenarioLine
{
    private ScenarioLine(string file, int number, string text, string command, IReadOnlyList<string> operands, IReadOnlySet<string>? when, ConfigFilter? configs)
    {
        Configs = configs;
        File = file;
        Number = number;
        Text = text;
        Command = command;
        Operands = operands;
        When = when;
    }

    public string File { get; }

    public int Number { get; }

    /// <summary>The line without comment, trimmed.</summary>
    public string Text { get; }

    public string Command { get; }

    /// <summary>The tokens after the command, options included, <c>when</c> clause excluded.</summary>
    public IReadOnlyList<string> Operands { get; }

    public IReadOnlySet<string>? When { get; }

    /// <summary>Build configs named in the <c>when</c> clause (<c>kcfi</c>, <c>!kcfi</c>), or null.</summary>
    public ConfigFilter? Configs { get; }

    public ScenarioSyntaxException Error(string what, string word) => new(File, Number, what, word);

    /// <summary>The line without its comment: a <c>#</c> at the start or after whitespace starts one.</summary>
    public static string StripComment(string raw)
    {
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] == '#' && (i == 0 || char.IsWhiteSpace(raw[i - 1])))
            {
                return raw[..i];
            }
        }
        return raw;
    }

    /// <summary>Splits a line; null for a blank or comment-only line.</summary>
    public static ScenarioLine? Read(string file, int number, string raw, IReadOnlyCollection<string> strategies)
    {
        var text = StripComment(raw).Trim();
        if (text.Length == 0)
        {
            return null;
        }
        var tokens = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        IReadOnlySet<string>? when = null;
        ConfigFilter? configs = null;
        var end = tokens.Length;
        for (var i = 1; i < tokens.Length; i++)
        {
            if (tokens[i] == "when")
            {
                end = i;
                (when, configs) = ReadWhen(file, number, tokens, i, strategies);
                break;
            }
        }
        return new ScenarioLine(file, number, text, tokens[0], tokens[1..end], when, configs);
    }

    /// <summary>
    /// The <c>when</c> clause: strategy names, and build config names (<c>kcfi</c>) or negated ones (<c>!kcfi</c>).
    /// Strategies null means every strategy; configs null means every build.
    /// </summary>
    private static (HashSet<string>? Strategies, ConfigFilter? Configs) ReadWhen(string file, int number, string[] tokens, int at, IReadOnlyCollection<string> strategies)
    {
        if (at == tokens.Length - 1)
        {
            throw new ScenarioSyntaxException(file, number, "'when' needs at least one removal strategy or build config", tokens[at]);
        }
        var set = new HashSet<string>(StringComparer.Ordinal);
        var include = new HashSet<string>(StringComparer.Ordinal);
        var exclude = new HashSet<string>(StringComparer.Ordinal);
        for (var i = at + 1; i < tokens.Length; i++)
        {
            var s = tokens[i];
            var negated = s.StartsWith('!');
            var config = negated ? s[1..] : s;
            if (!negated && strategies.Contains(s))
            {
                if (!set.Add(s))
                {
                    throw new ScenarioSyntaxException(file, number, $"strategy '{s}' is named twice", s);
                }
                continue;
            }
            if (Emulator.Toolchain.BuildConfigs.Names.Contains(config))
            {
                if (!(negated ? exclude : include).Add(config))
                {
                    throw new ScenarioSyntaxException(file, number, $"config '{config}' is named twice", s);
                }
                continue;
            }
            var known = strategies.Count == 0 ? "" : string.Join(", ", strategies) + ", ";
            throw new ScenarioSyntaxException(file, number,
                $"unknown removal strategy or build config '{s}'; expected one of {known}or a config ({string.Join(", ", Emulator.Toolchain.BuildConfigs.Names)}), optionally negated with !",
                s);
        }
        return (set.Count > 0 ? set : null, include.Count + exclude.Count > 0 ? new ConfigFilter(include, exclude) : null);
    }

    /// <summary>
    /// Splits the operands (after <paramref name="skip"/> leading ones, such as an expect kind) into positional operands
    /// and <c>key=value</c> options; an option whose key is not in <paramref name="allowed"/>, or that is given twice, is an error.
    /// </summary>
    public (List<string> Positional, Dictionary<string, string> Options) Split(int skip, params string[] allowed)
    {
        var positional = new List<string>();
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        var tokens = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = skip; i < Operands.Count; i++)
        {
            var t = Operands[i];
            var eq = t.IndexOf('=');
            if (eq < 0)
            {
                positional.Add(t);
                continue;
            }
            var key = t[..eq];
            if (!allowed.Contains(key))
            {
                var what = allowed.Length == 0
                    ? $"unknown option '{key}': {Describe()} takes no options"
                    : $"unknown option '{key}' for {Describe()}; expected {string.Join(" or ", allowed.Select(a => a + "="))}";
                throw Error(what, t);
            }
            if (!options.TryAdd(key, t[(eq + 1)..]))
            {
                throw Error($"duplicate option '{key}' (first given as '{tokens[key]}')", t);
            }
            tokens[key] = t;
        }
        return (positional, options);
    }

    private string Describe() => Command == "expect" && Operands.Count > 0 ? $"expect {Operands[0]}" : Command;
}
