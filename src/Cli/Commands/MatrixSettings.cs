using System.ComponentModel;
using Spectre.Console.Cli;

namespace Tpsim.Cli.Commands;

/// <summary>Options of <c>tpsim matrix</c>.</summary>
public sealed class MatrixSettings : CommandSettings
{
    [CommandOption("--arch <ISAS>")]
    [IsaDescription("Comma-separated ISAs: {0}, or all (default: all).")]
    public string? Arch { get; set; }

    [CommandOption("--compiler <COMPILERS>")]
    [Description("clang, gcc, a comma list, or all (default: clang).")]
    public string? Compiler { get; set; }

    [CommandOption("--config <CONFIGS>")]
    [ConfigDescription("Build configs: {0}; a comma list, or all (default: default).")]
    public string? Config { get; set; }

    [CommandOption("--format <FORMAT>")]
    [Description("table, json, junit or markdown (default: table).")]
    public string? Format { get; set; }

    [CommandOption("--out <FILE>")]
    [Description("Write the report to FILE; the console still gets the totals line.")]
    public string? Out { get; set; }
}
