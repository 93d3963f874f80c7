namespace Tpsim.KernelSim.Scenarios;

/// <summary>
/// The scenarios shipped inside tpsim: every <c>Scenarios/Builtin/*.tps</c> of this project, embedded as
/// <c>KernelSim/Scenarios/NAME.tps</c>. A built-in's <see cref="Scenario.File"/> is <c>builtin:NAME</c>.
/// </summary>
public static class BuiltinScenarios
{
    private const string Prefix = "KernelSim/Scenarios/";
    private const string Suffix = ".tps";

    private static readonly Lazy<IReadOnlyList<string>> AllNames = new(() =>
        typeof(BuiltinScenarios).Assembly.GetManifestResourceNames()
            .Where(r => r.StartsWith(Prefix, StringComparison.Ordinal) && r.EndsWith(Suffix, StringComparison.Ordinal))
            .Select(r => r[Prefix.Length..^Suffix.Length])
            .Order(StringComparer.Ordinal)
            .ToList()
            .AsReadOnly());

    /// <summary>The names of the built-in scenarios, sorted (ordinal).</summary>
    public static IReadOnlyList<string> Names => AllNames.Value;

    public static bool Exists(string name) => Names.Contains(name, StringComparer.Ordinal);

    /// <summary>The text of a built-in scenario.</summary>
    /// <exception cref="ArgumentException">There is no built-in scenario of that name.</exception>
    public static string Text(string name)
    {
        if (!Exists(name))
        {
            throw new ArgumentException($"no built-in scenario '{name}' (known: {string.Join(", ", Names)})", nameof(name));
        }
        using var s = typeof(BuiltinScenarios).Assembly.GetManifestResourceStream(Prefix + name + Suffix)
            ?? throw new InvalidOperationException($"embedded scenario {Prefix}{name}{Suffix} is missing");
        using var r = new StreamReader(s);
        return r.ReadToEnd();
    }

    /// <summary>Parses a built-in scenario; an unknown name is a <see cref="ScenarioSyntaxException"/> at line 0 of <c>builtin:NAME</c>.</summary>
    public static Scenario Load(string name, IReadOnlyCollection<string> strategies)
    {
        var file = ScenarioParser.BuiltinPrefix + name;
        if (!Exists(name))
        {
            throw new ScenarioSyntaxException(file, 0, $"no such built-in scenario; known: {string.Join(", ", Names)}", name);
        }
        return ScenarioParser.Parse(Text(name), file, strategies, name);
    }
}
