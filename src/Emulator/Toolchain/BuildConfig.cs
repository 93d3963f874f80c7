namespace Tpsim.Emulator.Toolchain;

/// <summary>
/// A named set of compiler flags modelled on a kernel build option. The flags themselves are per ISA
/// (see <see cref="Isa.ToolchainSettings.Configs"/>), because the kernel's own Makefiles choose them per
/// architecture; this is the name, what it stands for, and the Kconfig option it models.
/// </summary>
public sealed record BuildConfig(string Name, string Description, string KernelOption)
{
    public override string ToString() => Name;
}

/// <summary>The build configs tpsim knows, by their command-line names (a contract).</summary>
public static class BuildConfigs
{
    public static readonly BuildConfig Default = new("default", "-O2, the ISA's kernel code model and flags", "(none)");
    public static readonly BuildConfig Size = new("size", "-Os", "CONFIG_CC_OPTIMIZE_FOR_SIZE");
    public static readonly BuildConfig FramePointer = new("frame-pointer", "-fno-omit-frame-pointer", "CONFIG_FRAME_POINTER");
    public static readonly BuildConfig Ibt = new("ibt", "-fcf-protection=branch: endbr64 at every indirect-call target", "CONFIG_X86_KERNEL_IBT");
    public static readonly BuildConfig PacBti = new("pac-bti", "-mbranch-protection=pac-ret+bti", "CONFIG_ARM64_PTR_AUTH_KERNEL + CONFIG_ARM64_BTI_KERNEL");
    public static readonly BuildConfig Scs = new("scs", "shadow call stack in x18 (-fsanitize=shadow-call-stack)", "CONFIG_SHADOW_CALL_STACK");
    public static readonly BuildConfig Ftrace = new("ftrace", "-fpatchable-function-entry (NOP padding ftrace patches at run time)", "CONFIG_DYNAMIC_FTRACE");
    public static readonly BuildConfig Kcfi = new("kcfi", "-fsanitize=kcfi (clang only)", "CONFIG_CFI_CLANG");

    /// <summary>Not a kernel build: the callee-pop convention the stub would be unsafe under, as a negative control.</summary>
    public static readonly BuildConfig Stdcall = new("stdcall", "-mrtd: every function pops its own stack arguments (callee-pop)", "(none: the negative control of caller-pops)");

    public static readonly BuildConfig Thumb2 = new("thumb2", "-mthumb: the whole kernel in Thumb-2", "CONFIG_THUMB2_KERNEL");

    public static IReadOnlyList<BuildConfig> All { get; } = [Default, Size, FramePointer, Ibt, PacBti, Scs, Ftrace, Kcfi, Stdcall, Thumb2];

    public static IReadOnlyList<string> Names { get; } = [.. All.Select(c => c.Name)];

    public static bool TryGet(string name, out BuildConfig config)
    {
        config = All.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase))!;
        return config is not null;
    }
}

/// <summary>What one ISA adds to its C flags for a config, per compiler; null means the pair does not apply.</summary>
/// <param name="NotApplicable">One line saying why, when either side is null (for example "x86_64 only").</param>
public sealed record ConfigFlags(IReadOnlyList<string>? Clang, IReadOnlyList<string>? Gcc, string? NotApplicable = null)
{
    /// <summary>The same flags for both compilers.</summary>
    public static ConfigFlags Both(params string[] flags) => new(flags, flags);

    public IReadOnlyList<string>? For(CompilerKind kind) => kind == CompilerKind.Gcc ? Gcc : Clang;
}

/// <summary>A compiler and a config: one build of the C sources.</summary>
public sealed record BuildSpec(CompilerKind Compiler, BuildConfig Config)
{
    public static readonly BuildSpec Default = new(CompilerKind.Clang, BuildConfigs.Default);

    public bool IsDefault => this == Default;

    /// <summary>"clang/default", "gcc/size": how reports and case names spell it.</summary>
    public string Name => $"{Compiler.ToName()}/{Config.Name}";

    public override string ToString() => Name;
}
