namespace Tpsim.Tests.Cli;

/// <summary>What one run of the tpsim CLI printed and returned.</summary>
public sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    // A failing matrix test would otherwise paste a whole JSON report into the test log.
    public override string ToString() => $"exit {ExitCode}\n--- stdout ---\n{Clip(Stdout)}\n--- stderr ---\n{Clip(Stderr)}";

    private static string Clip(string text) => text.Length <= 3000 ? text : text[..3000] + $"\n... ({text.Length - 3000} more characters)";
}
