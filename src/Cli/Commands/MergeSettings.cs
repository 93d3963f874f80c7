using System.ComponentModel;
using Spectre.Console.Cli;

namespace Tpsim.Cli.Commands;

/// <summary>Options of <c>tpsim merge</c>.</summary>
public sealed class MergeSettings : CommandSettings
{
    [CommandArgument(0, "<FILE>")]
    [Description("Reports of sharded or per-ISA runs: JSON of matrix or crosscheck, or JUnit of matrix; all of one kind.")]
    public string[] Files { get; set; } = [];

    [CommandOption("--format <FORMAT>")]
    [Description("json, junit or table (default: the reports' own; JUnit merges into JUnit only, crosscheck into json or table).")]
    public string? Format { get; set; }

    [CommandOption("--out <FILE>")]
    [Description("Write the merged report to FILE; the console still gets the totals line.")]
    public string? Out { get; set; }
}
