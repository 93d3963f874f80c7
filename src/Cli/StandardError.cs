using Spectre.Console;
using Tpsim.Cli.Reports;

namespace Tpsim.Cli;

/// <summary>A Spectre console on stderr, so diagnostics never mix into a JSON or JUnit report on stdout.</summary>
public static class StandardError
{
    private static readonly Lazy<IAnsiConsole> Lazy = new(() => System.Console.IsErrorRedirected
        ? ReportOutput.PlainConsole(System.Console.Error)
        : AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(System.Console.Error) }));

    public static IAnsiConsole Console => Lazy.Value;
}
