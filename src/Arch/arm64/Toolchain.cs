using Tpsim.Emulator.Isa;

namespace Tpsim.Arch.Arm64;

/// <summary>clang-19 settings modelled on arch/arm64/Makefile (x18 kept free for the shadow call stack).</summary>
internal static class Toolchain
{
    private static readonly string[] Common =
        [.. ToolchainSettings.KernelCommon, "-mcmodel=small", "-ffixed-x18"];

    public static readonly ToolchainSettings Settings = new(
        Triple: "aarch64-unknown-linux-gnu",
        CFlags: [.. Common, "-O2", "-mgeneral-regs-only"],
        AsmFlags: Common);
}
