using System.ComponentModel;
using Spectre.Console.Cli;

namespace Tpsim.Cli.Commands;

/// <summary>Options of <c>tpsim check</c>.</summary>
public sealed class CheckSettings : CaseSettings
{
    [CommandOption("--oracle")]
    [Description("Also run the case on the independent executor (the host CPU where it is the ISA, qemu-user otherwise) and compare.")]
    public bool Oracle { get; set; }

    [CommandOption("--format <FORMAT>")]
    [Description("table, json or html (default: table; html is one self-contained page).")]
    public string? Format { get; set; }
}
