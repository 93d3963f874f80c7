using System.ComponentModel;
using Spectre.Console.Cli;

namespace Tpsim.Cli.Commands;

/// <summary>The options that name one stub case, shared by <c>check</c> and <c>explain</c>.</summary>
public abstract class CaseSettings : CommandSettings
{
    public const int DefaultArgs = 8;

    [CommandOption("--arch <ISA>")]
    [IsaDescription("One ISA: {0}.")]
    public string? Arch { get; set; }

    [CommandOption("--stub <FILE>")]
    [Description("A .S/.s or .c file defining a global tp_stub_func.")]
    public string? Stub { get; set; }

    [CommandOption("--generated <SPEC>")]
    [Description("Instead of --stub: a generated case as crosscheck prints it, proto=TYPES;array=ENTRIES;body=STEPS,END.")]
    public string? Generated { get; set; }

    [CommandOption("--args <N>")]
    [Description("Arguments after data the site passes, 0..12 (default: 8).")]
    public string? Args { get; set; }

    [CommandOption("--site <SITE>")]
    [Description("c (the iterator compiled per ISA) or asm (hand-written site.S); default: c.")]
    public string? Site { get; set; }

    [CommandOption("--compiler <COMPILER>")]
    [Description("clang or gcc: builds the probes, the C site and a C stub (a .S stub is assembled as is). Default: clang.")]
    public string? Compiler { get; set; }

    [CommandOption("--config <CONFIG>")]
    [ConfigDescription("One build config: {0}. Default: default.")]
    public string? Config { get; set; }
}
