using System.ComponentModel;
using Spectre.Console.Cli;

namespace Tpsim.Cli.Commands;

/// <summary>Options of <c>tpsim kernel prepare</c>.</summary>
public sealed class KernelPrepareSettings : CommandSettings
{
    [CommandOption("--kernel <SPEC>")]
    [Description("linux-6.12 (Debian's linux-source-6.12, unpacked once into the cache) or the path of a kernel source tree (5.12 or later).")]
    public string? Kernel { get; set; }

    [CommandOption("--patch <FILE>")]
    [Description("A unified diff or git format-patch mail applied to a private copy of the tree; repeatable, applied in order.")]
    public string[]? Patch { get; set; }

    [CommandOption("--arch <ISAS>")]
    [Description("Comma-separated ISAs whose kernel tpsim builds (x86_64, arm64, riscv64), or all (default: all of them).")]
    public string? Arch { get; set; }

    [CommandOption("--compiler <COMPILERS>")]
    [Description("clang (LLVM=-19), gcc (Debian's cross compilers), or all (default: clang).")]
    public string? Compiler { get; set; }

    [CommandOption("--config <CONFIGS>")]
    [ConfigDescription("Build configs: {0}; a comma list, or all (default: default). Each switches on its Kconfig option.")]
    public string? Config { get; set; }
}
