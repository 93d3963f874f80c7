using Tpsim.Emulator.Isa;
using Tpsim.Emulator.Toolchain;

namespace Tpsim.Arch.I386;

/// <summary>
/// clang-19 settings modelled on arch/x86/Makefile for a 32-bit kernel (CONFIG_X86_32, CONFIG_M686):
/// -msoft-float -mregparm=3 -freg-struct-return -fno-pic, the stack aligned to 4 bytes (the kernel's
/// cc_stack_align4 falls back to -mstack-alignment=4 for clang, which has no -mpreferred-stack-boundary),
/// and the same -mno-sse/-mno-mmx family as 64-bit.
/// </summary>
internal static class Toolchain
{
    /// <summary>The triple for building and for disassembling alike.</summary>
    private const string TargetTriple = "i686-unknown-linux-gnu";

    private static readonly string[] Common =
        [.. ToolchainSettings.KernelCommon, "-march=i686", "-mregparm=3", "-msoft-float", "-freg-struct-return", "-mstack-alignment=4"];

    public static readonly ToolchainSettings Settings = new(
        Triple: TargetTriple,
        CFlags: [.. Common, "-O2", "-mno-sse", "-mno-mmx", "-mno-sse2", "-mno-3dnow", "-mno-avx"],
        AsmFlags: Common)
    {
        // llvm-objdump cuts a 32-bit target to 32 bits (a backward branch near 0 wraps).
        Disassembly = new("X86", TargetTriple, MinimumInstructionSize: 1) { TargetAddressBits = 32 },
        GccDriver = "i686-linux-gnu-gcc",
        GccPackage = "gcc-i686-linux-gnu",
        // i386_defconfig, whose unwinder already keeps frame pointers; arch/x86 supports CFI_CLANG and IBT only on X86_64.
        Kernel = new("i386", "i686-linux-gnu-")
        {
            Options = KernelTarget.CommonOptions(("frame-pointer", [])).Where(o => o.Key != "kcfi").ToDictionary(),
        },
        // GCC spells the 4-byte stack alignment the way the kernel Makefile does.
        GccCFlags = [.. ToolchainSettings.KernelCommon, "-march=i686", "-mregparm=3", "-msoft-float", "-freg-struct-return",
            "-mpreferred-stack-boundary=2", "-O2", "-mno-sse", "-mno-mmx", "-mno-sse2", "-mno-3dnow", "-mno-avx"],
        Configs = I386Configs(),
    };

    private static Dictionary<string, ConfigFlags> I386Configs()
    {
        var configs = ToolchainSettings.CommonConfigs(
            // The negative control: the same site under a callee-pop convention.
            ("stdcall", ConfigFlags.Both("-mrtd")));
        // arch/x86/Kconfig selects ARCH_SUPPORTS_CFI_CLANG only for X86_64.
        configs.Remove("kcfi");
        return configs;
    }
}
