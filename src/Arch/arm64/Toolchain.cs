using Tpsim.Emulator.Isa;
using Tpsim.Emulator.Toolchain;

namespace Tpsim.Arch.Arm64;

/// <summary>clang-19 settings modelled on arch/arm64/Makefile (x18 kept free for the shadow call stack).</summary>
internal static class Toolchain
{
    /// <summary>The triple for building and for disassembling alike.</summary>
    private const string TargetTriple = "aarch64-unknown-linux-gnu";

    private static readonly string[] Common =
        [.. ToolchainSettings.KernelCommon, "-mcmodel=small", "-ffixed-x18"];

    public static readonly ToolchainSettings Settings = new(
        Triple: TargetTriple,
        CFlags: [.. Common, "-O2", "-mgeneral-regs-only"],
        AsmFlags: Common)
    {
        Disassembly = new("AArch64", TargetTriple, MinimumInstructionSize: 4)
        {
            // llvm-objdump's own default for AArch64: every extension, so pac-bti's bti, paciasp and autiasp decode by name.
            Features = "+all",
            // The decoder symbolizes branches, but hands adrp's page, adr's offset and ldr's literal (x registers) over as numbers.
            PcRelativeOperands =
            [
                new(@"^adrp \w+, (?<operand>(?<offset>-?\d+) // 0x[0-9a-f]+)$", PcRelativeKind.Page),
                new(@"^adr \w+, (?<operand>#(?<offset>-?\d+))$", PcRelativeKind.Address),
                new(@"^ldr x\w+, (?<operand>#(?<offset>-?0x[0-9a-f]+))$", PcRelativeKind.Address),
            ],
        },
        GccDriver = "aarch64-linux-gnu-gcc",
        GccPackage = "gcc-aarch64-linux-gnu",
        Kernel = new("arm64", "aarch64-linux-gnu-")
        {
            // arm64 keeps frame pointers always (FRAME_POINTER is selected by the architecture).
            Options = KernelTarget.CommonOptions(
                ("frame-pointer", []),
                ("pac-bti", ["ARM64_PTR_AUTH", "ARM64_PTR_AUTH_KERNEL", "ARM64_BTI", "ARM64_BTI_KERNEL"]),
                ("scs", ["SHADOW_CALL_STACK"]),
                ("ftrace", ["DYNAMIC_FTRACE", "FUNCTION_TRACER"])),
        },
        GccCFlags = [.. Common, "-O2", "-mgeneral-regs-only"],
        Configs = ToolchainSettings.CommonConfigs(
            ("pac-bti", ConfigFlags.Both("-mbranch-protection=pac-ret+bti")),
            ("scs", ConfigFlags.Both("-fsanitize=shadow-call-stack")),
            // DYNAMIC_FTRACE_WITH_ARGS: two NOPs at each function entry.
            ("ftrace", ConfigFlags.Both("-fpatchable-function-entry=2"))),
    };
}
