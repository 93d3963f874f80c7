using System.ComponentModel;
using Spectre.Console.Cli;

namespace Tpsim.Cli.Commands;

/// <summary>Options of <c>tpsim bench</c>.</summary>
public sealed class BenchSettings : CommandSettings
{
    [CommandOption("--arch <ISAS>")]
    [IsaDescription("Comma-separated ISAs for the per-case and fire-rate figures: {0}, or all (default: all).")]
    public string? Arch { get; set; }

    [CommandOption("--format <FORMAT>")]
    [Description("table or json (default: table).")]
    public string? Format { get; set; }
}
