using System.ComponentModel;
using Spectre.Console.Cli;

namespace Tpsim.Cli.Commands;

/// <summary>Options of <c>tpsim strategies</c>.</summary>
public sealed class StrategiesSettings : CommandSettings
{
    [CommandOption("--arch <ISAS>")]
    [IsaDescription("Comma-separated ISAs: {0}, or all (default: all).")]
    public string? Arch { get; set; }

    [CommandOption("--format <FORMAT>")]
    [Description("table or json (default: table).")]
    public string? Format { get; set; }
}
