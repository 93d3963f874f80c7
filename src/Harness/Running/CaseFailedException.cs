namespace Tpsim.Harness.Running;

/// <summary>Names the case during which something threw; the CLI classifies the inner exception.</summary>
public sealed class CaseFailedException(string caseName, Exception inner)
    : Exception($"case {caseName}: {inner.Message}", inner)
{
    public string CaseName { get; } = caseName;
}
