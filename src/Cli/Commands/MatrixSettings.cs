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

    [CommandOption("--kernel <SPEC>")]
    [Description("model (the simulated kernel, default), linux-6.12 (Debian's linux-source-6.12), or the path of a kernel source tree: the real tp_stub_func through the real __traceiter_ of generated tracepoints, built by kbuild.")]
    public string? Kernel { get; set; }

    [CommandOption("--patch <FILE>")]
    [Description("With --kernel: a unified diff or git format-patch mail applied to a private copy of the tree; repeatable.")]
    public string[]? Patch { get; set; }

    [CommandOption("--shard <I/N>")]
    [Description("Run share I of N (1 <= I <= N): the case at position p of the whole run goes to share (p mod N) + 1; tpsim merge puts the reports back together.")]
    public string? Shard { get; set; }

    [CommandOption("--format <FORMAT>")]
    [Description("table, json, junit, markdown or html (default: table).")]
    public string? Format { get; set; }

    [CommandOption("--out <FILE>")]
    [Description("Write the report to FILE; the console still gets the totals line.")]
    public string? Out { get; set; }
}
