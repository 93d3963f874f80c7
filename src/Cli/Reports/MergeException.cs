namespace Tpsim.Cli.Reports;

/// <summary>Reports that <c>tpsim merge</c> refuses; the message names the file (and line) and what is wrong.</summary>
public sealed class MergeException(string message) : Exception(message);
