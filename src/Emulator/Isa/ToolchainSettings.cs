using Tpsim.Emulator.Toolchain;

namespace Tpsim.Emulator.Isa;

/// <summary>
/// How the LLVM toolchain builds code for one ISA, modelled on the kernel's own flags: a target
/// triple plus the flags for C and for hand-written assembly.
/// </summary>
public sealed record ToolchainSettings(string Triple, IReadOnlyList<string> CFlags, IReadOnlyList<string> AsmFlags)
{
    /// <summary>Debian's GCC driver for this ISA (gcc itself on x86_64, else the cross compiler).</summary>
    public string? GccDriver { get; init; }

    /// <summary>The Debian package that provides <see cref="GccDriver"/>, for the install message.</summary>
    public string? GccPackage { get; init; }

    /// <summary>C flags for GCC: the same kernel flags as <see cref="CFlags"/>, spelled for GCC (no --target).</summary>
    public IReadOnlyList<string>? GccCFlags { get; init; }

    /// <summary>How LLVM disassembles this ISA's code: libLLVM's C API and llvm-objdump alike. Init-only.</summary>
    public LlvmDisassembly? Disassembly { get; init; }

    /// <summary>Options for llvm-objdump beyond the triple: the CPU and features of <see cref="Disassembly"/>, which raw bytes do not carry.</summary>
    public IReadOnlyList<string> DisassemblerOptions => Disassembly?.ObjdumpOptions ?? [];

    /// <summary>How kbuild builds this ISA's real kernel, or null where tpsim does not build one yet. Init-only.</summary>
    public KernelTarget? Kernel { get; init; }

    /// <summary>Extra C flags per build config name; a config absent here does not apply to this ISA.</summary>
    public IReadOnlyDictionary<string, ConfigFlags> Configs { get; init; } = CommonConfigs();

    /// <summary>
    /// The C flags of one build, or null with the reason it does not apply (a config for another ISA,
    /// kcfi with GCC, an ISA without a GCC driver).
    /// </summary>
    public IReadOnlyList<string>? FlagsFor(BuildSpec build, out string? notApplicable)
    {
        notApplicable = null;
        if (!Configs.TryGetValue(build.Config.Name, out var config))
        {
            notApplicable = $"{build.Config.Name} does not apply to this ISA";
            return null;
        }
        var baseFlags = build.Compiler == CompilerKind.Gcc ? GccCFlags : CFlags;
        if (baseFlags is null || (build.Compiler == CompilerKind.Gcc && GccDriver is null))
        {
            notApplicable = "no GCC cross compiler is configured for this ISA";
            return null;
        }
        if (config.For(build.Compiler) is not { } extra)
        {
            notApplicable = config.NotApplicable ?? $"{build.Config.Name} does not apply with {build.Compiler.ToName()}";
            return null;
        }
        return [.. baseFlags, .. extra];
    }

    /// <summary>The configs every ISA has; an ISA adds its own (ibt, pac-bti, scs) and its ftrace padding.</summary>
    public static Dictionary<string, ConfigFlags> CommonConfigs(params (string Name, ConfigFlags Flags)[] extra)
    {
        var configs = new Dictionary<string, ConfigFlags>(StringComparer.Ordinal)
        {
            ["default"] = ConfigFlags.Both(),
            ["size"] = ConfigFlags.Both("-Os"),
            ["frame-pointer"] = ConfigFlags.Both("-fno-omit-frame-pointer"),
            ["kcfi"] = new(["-fsanitize=kcfi"], null, "kcfi is clang only (GCC 12 has no -fsanitize=kcfi)"),
        };
        foreach (var (name, flags) in extra)
        {
            configs[name] = flags;
        }
        return configs;
    }

    /// <summary>Flags every kernel object gets on every ISA: freestanding, non-PIC, no stdlib headers, no unwind tables, no stack protector.</summary>
    public static readonly IReadOnlyList<string> KernelCommon =
        ["-ffreestanding", "-fno-pic", "-nostdinc", "-fno-asynchronous-unwind-tables", "-fno-stack-protector"];
}
