namespace Tpsim.Emulator.Isa;

/// <summary>
/// How kbuild builds this ISA's kernel from a Linux tree: make's <c>ARCH</c>, the prefix of Debian's GCC cross
/// compiler (<c>CROSS_COMPILE</c>, empty for the host), and the Kconfig changes each build config makes on top of
/// <c>defconfig</c> and <see cref="Tracing"/>. A config absent from <see cref="Options"/> has no real-kernel build here.
/// </summary>
public sealed record KernelTarget(string MakeArch, string GccCrossCompile)
{
    /// <summary>
    /// What every build switches on: tracing, off in some defconfigs (arm64). ENABLE_DEFAULT_TRACERS selects TRACING,
    /// and with it TRACEPOINTS, where no tracer does already; where one does (x86_64) Kconfig drops it again.
    /// </summary>
    public static readonly IReadOnlyList<string> Tracing = ["FTRACE", "ENABLE_DEFAULT_TRACERS"];

    /// <summary>What every build must end up with, whichever way Kconfig got there.</summary>
    public const string Required = "TRACEPOINTS";

    /// <summary>
    /// Extra make variables for every step. riscv64: <c>KCFLAGS=-mno-relax</c>, because tpsim loads kernel/tracepoint.o
    /// as an object, without the vmlinux link that would resolve its linker-relaxation padding (R_RISCV_ALIGN); modules
    /// are built that way by kbuild anyway. Init-only.
    /// </summary>
    public IReadOnlyList<string> MakeVariables { get; init; } = [];

    /// <summary>
    /// Objects besides kernel/tracepoint.o that kbuild links into vmlinux and into every module (ppc64: the ABI's register
    /// save and restore routines, <c>arch/powerpc/lib/crtsavres.o</c>, which GCC calls at -Os): built with it, and loaded
    /// ahead of it as part of the kernel. None by default. Init-only.
    /// </summary>
    public IReadOnlyList<string> LibraryObjects { get; init; } = [];

    /// <summary>The make target of the base config: <c>defconfig</c>, or a named one where the ARCH's default is another machine (mips: a 32-bit ip22).</summary>
    public string Defconfig { get; init; } = "defconfig";

    /// <summary>Kconfig symbols (no <c>CONFIG_</c>) per build config name; <c>!SYMBOL</c> switches one off.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Options { get; init; } = CommonOptions();

    /// <summary>
    /// Configs of <see cref="Options"/> that only a real kernel builds here, with clang: the simulated kernel has no
    /// build for them on this ISA (riscv64 scs), and kbuild chooses the flags.
    /// </summary>
    public IReadOnlySet<string> RealOnly { get; init; } = new HashSet<string>();

    /// <summary>The configs every ISA's kernel has; an ISA adds its own (ibt, pac-bti, scs).</summary>
    public static Dictionary<string, IReadOnlyList<string>> CommonOptions(params (string Config, string[] Symbols)[] extra)
    {
        var options = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
        {
            ["default"] = [],
            ["size"] = ["CC_OPTIMIZE_FOR_SIZE", "!CC_OPTIMIZE_FOR_PERFORMANCE"],
            ["kcfi"] = ["CFI_CLANG"],
        };
        foreach (var (config, symbols) in extra)
        {
            options[config] = symbols;
        }
        return options;
    }
}
