using System.ComponentModel;
using Spectre.Console.Cli;

namespace Tpsim.Cli.Commands;

/// <summary>Options of <c>tpsim scenario</c>.</summary>
public sealed class ScenarioSettings : CommandSettings
{
    [CommandArgument(0, "[FILE]")]
    [Description("Scenario file (.tps); module sources are found relative to it.")]
    public string? File { get; set; }

    [CommandOption("--builtin <NAME>")]
    [Description("Run a built-in scenario instead of a file (see --list).")]
    public string? Builtin { get; set; }

    [CommandOption("--list")]
    [Description("List the built-in scenarios and exit.")]
    public bool List { get; set; }

    [CommandOption("--arch <ISAS>")]
    [IsaDescription("Comma-separated ISAs: {0}, or all (default: all).")]
    public string? Arch { get; set; }

    [CommandOption("--strategy <NAMES>")]
    [Description("Comma-separated removal strategies, or all (default: stub, the mainline behaviour).")]
    public string? Strategy { get; set; }

    [CommandOption("--compiler <COMPILERS>")]
    [Description("clang or gcc: builds the kernel image and every module. A comma list or all; default: clang.")]
    public string? Compiler { get; set; }

    [CommandOption("--config <CONFIGS>")]
    [Description("default, size, frame-pointer, ibt, pac-bti, scs, ftrace or kcfi. A comma list or all; default: default.")]
    public string? Config { get; set; }

    [CommandOption("--kernel <SPEC>")]
    [Description("model (the simulated kernel, default), linux-6.12 (Debian's linux-source-6.12), or the path of a kernel source tree: runs the scenario on that tree's own kernel/tracepoint.o, built by kbuild.")]
    public string? Kernel { get; set; }

    [CommandOption("--patch <FILE>")]
    [Description("With --kernel: a unified diff or git format-patch mail applied to a private copy of the tree; repeatable.")]
    public string[]? Patch { get; set; }

    [CommandOption("--format <FORMAT>")]
    [Description("table, json or html (default: table; html is one self-contained page).")]
    public string? Format { get; set; }

    [CommandOption("--out <FILE>")]
    [Description("Write the report to FILE.")]
    public string? Out { get; set; }

    [CommandOption("--explain <LINE>")]
    [Description("Record the fire on that line of the scenario instruction by instruction and show it as explain does (text, or an explain object on the step in JSON).")]
    public string? Explain { get; set; }

    [CommandOption("--count-instructions")]
    [Description("Count every emulated instruction and report it per fire (a managed hook on each instruction; slower).")]
    public bool CountInstructions { get; set; }
}
