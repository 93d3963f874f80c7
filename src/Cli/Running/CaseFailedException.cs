namespace Tpsim.Cli.Running;

/// <summary>Names the case during which something threw; <see cref="ExceptionPolicy"/> classifies the inner exception.</summary>
public sealed class CaseFailedException(string caseName, Exception inner)
    : Exception($"case {caseName}: {inner.Message}", inner)
{
    public string CaseName { get; } = caseName;
}
