using System.ComponentModel;
using Spectre.Console.Cli;

namespace Tpsim.Cli.Commands;

/// <summary>Options of <c>tpsim strategies</c>.</summary>
public sealed class StrategiesSettings : CommandSettings
{
    [CommandOption("--arch <ISAS>")]
    [IsaDescription("Comma-separated ISAs: {0}, or all (default: all).")]
    public string? Arch { get; set; }

    [CommandOption("--kernel <SPEC>")]
    [Description("model (the simulated kernel, default), linux-6.12 (Debian's linux-source-6.12), or the path of a kernel source tree: the table's runs on that tree, which runs its own removal code (stub).")]
    public string? Kernel { get; set; }

    [CommandOption("--patch <FILE>")]
    [Description("With --kernel: a unified diff or git format-patch mail applied to a private copy of the tree; repeatable.")]
    public string[]? Patch { get; set; }

    [CommandOption("--format <FORMAT>")]
    [Description("table, json or html (default: table; html is one self-contained page).")]
    public string? Format { get; set; }
}
