namespace Tpsim.KernelSim.Scenarios;

/// <summary>
/// A parsed scenario file: the steps in file order plus the tracepoints and modules it declares.
/// See <see cref="ScenarioParser"/> for the language.
/// </summary>
/// <param name="Name">The scenario's name: the file name without extension, or the built-in's name.</param>
/// <param name="File">The path the scenario was read from as given, or <c>builtin:NAME</c>.</param>
/// <param name="Steps">Every step in file order, declarations included; filter with <see cref="ScenarioStep.AppliesTo(string, string)"/>.</param>
/// <param name="Tracepoints">The tracepoint declarations in file order.</param>
/// <param name="Modules">The module declarations in file order.</param>
public sealed record Scenario(
    string Name,
    string File,
    IReadOnlyList<ScenarioStep> Steps,
    IReadOnlyList<TracepointDecl> Tracepoints,
    IReadOnlyList<ModuleDecl> Modules)
{
    /// <summary>The steps that run for <paramref name="strategy"/>, in file order.</summary>
    public IEnumerable<ScenarioStep> StepsFor(string strategy) => Steps.Where(s => s.AppliesTo(strategy));
}

/// <summary>A <c>tracepoint NAME NARGS</c> declaration: a tracepoint whose probes take <paramref name="ArgCount"/> long arguments.</summary>
/// <param name="Name">The tracepoint's name (a C identifier).</param>
/// <param name="ArgCount">The number of arguments, 0..<see cref="ScenarioParser.MaxArgs"/>.</param>
/// <param name="Line">The 1-based line of the declaration.</param>
public sealed record TracepointDecl(string Name, int ArgCount, int Line);
