using System.ComponentModel;
using Spectre.Console.Cli;

namespace Tpsim.Cli.Commands;

/// <summary>Options of <c>tpsim crosscheck</c>.</summary>
public sealed class CrossCheckSettings : CommandSettings
{
    public const int DefaultCases = 40;
    public const ulong DefaultSeed = 1;

    [CommandOption("--arch <ISAS>")]
    [IsaDescription("Comma-separated ISAs: {0}, or all (default: all).")]
    public string? Arch { get; set; }

    [CommandOption("--compiler <COMPILERS>")]
    [Description("clang, gcc, a comma list, or all (default: clang).")]
    public string? Compiler { get; set; }

    [CommandOption("--config <CONFIGS>")]
    [ConfigDescription("Build configs: {0}; a comma list, or all (default: default).")]
    public string? Config { get; set; }

    [CommandOption("--cases <N>")]
    [Description("Generated cases per ISA and build, on top of the matrix's own (default: 40).")]
    public string? Cases { get; set; }

    [CommandOption("--seed <S>")]
    [Description("Seed of the generated cases, a whole number (default: 1).")]
    public string? Seed { get; set; }

    [CommandOption("--minutes <M>")]
    [Description("Soak: after the first round, keep drawing N new generated cases per ISA and build (seed S+1, S+2, ...) until M minutes have passed.")]
    public string? Minutes { get; set; }

    [CommandOption("--oracle-timeout <MS>")]
    [Description("Milliseconds an oracle program may run before it counts as a timeout (default: 1000; a case takes about 10).")]
    public string? OracleTimeout { get; set; }

    [CommandOption("--shard <I/N>")]
    [Description("Run share I of N (1 <= I <= N): the case at position p of the whole run goes to share (p mod N) + 1; tpsim merge puts the reports back together.")]
    public string? Shard { get; set; }

    [CommandOption("--format <FORMAT>")]
    [Description("table, json or html (default: table; html is one self-contained page).")]
    public string? Format { get; set; }
}
