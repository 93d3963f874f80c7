namespace Tpsim.KernelSim.Scenarios;

/// <summary>How a scenario module is made.</summary>
public enum ModuleKind
{
    /// <summary><c>module NAME probes P1 P2 ...</c>: a built-in module whose probes only record that they were called.</summary>
    Recording,

    /// <summary><c>module NAME source FILE.c</c>: a user's module compiled from C source.</summary>
    Source,
}

/// <summary>A <c>module</c> declaration.</summary>
/// <param name="Name">The module's name (a C identifier).</param>
/// <param name="Kind">Recording or source.</param>
/// <param name="Probes">A recording module's probes in declaration order; empty for a source module (its probes are checked at run time).</param>
/// <param name="SourcePath">A source module's C file as an absolute path (resolved relative to the scenario file's directory); null for a recording module.</param>
/// <param name="Line">The 1-based line of the declaration.</param>
/// <param name="ProbeArity">
/// For a recording module, every probe's argument count, taken from the tracepoint(s) it is registered on anywhere in the
/// scenario (a probe has one prototype, so all of them agree); 0 for a probe that is never registered. Empty for a source module.
/// </param>
public sealed record ModuleDecl(
    string Name,
    ModuleKind Kind,
    IReadOnlyList<string> Probes,
    string? SourcePath,
    int Line,
    IReadOnlyDictionary<string, int> ProbeArity);
