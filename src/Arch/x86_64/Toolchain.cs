using Tpsim.Emulator.Isa;
using Tpsim.Emulator.Toolchain;

namespace Tpsim.Arch.X86_64;

/// <summary>clang-19 settings modelled on arch/x86/Makefile for a 64-bit kernel.</summary>
internal static class Toolchain
{
    /// <summary>The triple for building and for disassembling alike.</summary>
    private const string TargetTriple = "x86_64-unknown-linux-gnu";

    private static readonly string[] Common =
        [.. ToolchainSettings.KernelCommon, "-mcmodel=kernel", "-mno-red-zone"];

    public static readonly ToolchainSettings Settings = new(
        Triple: TargetTriple,
        CFlags: [.. Common, "-O2", "-mno-sse", "-mno-mmx", "-mno-sse2", "-mno-3dnow", "-mno-avx"],
        AsmFlags: Common)
    {
        Disassembly = new("X86", TargetTriple, MinimumInstructionSize: 1),
        GccDriver = "gcc",
        GccPackage = "gcc",
        Kernel = new("x86_64", "")
        {
            Options = KernelTarget.CommonOptions(
                ("frame-pointer", ["UNWINDER_FRAME_POINTER", "!UNWINDER_ORC"]),
                ("ibt", ["X86_KERNEL_IBT"]),
                ("ftrace", ["DYNAMIC_FTRACE", "FUNCTION_TRACER"])),
        },
        GccCFlags = [.. ToolchainSettings.KernelCommon, "-mcmodel=kernel", "-mno-red-zone", "-O2", "-mno-sse", "-mno-mmx", "-mno-sse2", "-mno-3dnow", "-mno-avx"],
        Configs = ToolchainSettings.CommonConfigs(
            ("ibt", ConfigFlags.Both("-fcf-protection=branch")),
            // CONFIG_CALL_PADDING: 16 bytes of NOPs before each function.
            ("ftrace", ConfigFlags.Both("-fpatchable-function-entry=16,16"))),
    };
}
