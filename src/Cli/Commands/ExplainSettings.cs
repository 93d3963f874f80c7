using System.ComponentModel;
using Spectre.Console.Cli;

namespace Tpsim.Cli.Commands;

/// <summary>Options of <c>tpsim explain</c>: those of <c>check</c> and the call to explain.</summary>
public sealed class ExplainSettings : CaseSettings
{
    [CommandOption("--call <N>")]
    [Description("The call to explain, numbered from 0 as reports number them (default: the first violating call, else the stub's call).")]
    public string? Call { get; set; }

    [CommandOption("--format <FORMAT>")]
    [Description("table or json (default: table).")]
    public string? Format { get; set; }
}
