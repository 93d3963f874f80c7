namespace Tpsim.KernelSim.Scenarios.Running;

/// <summary>
/// A scenario that parses but asks for something impossible when run (a probe its module does not
/// define, loading a module twice, a module that does not compile). Like a syntax error it names the
/// file, line and word, and the CLI exits 2.
/// </summary>
public sealed class ScenarioRuntimeException(string file, int line, string word, string what, Exception? inner = null)
    : Exception($"{file}:{line}: {what} (at '{word}')", inner)
{
    public string File { get; } = file;

    public int Line { get; } = line;

    public string Word { get; } = word;
}
