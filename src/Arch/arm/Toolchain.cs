using Tpsim.Emulator.Isa;
using Tpsim.Emulator.Toolchain;

namespace Tpsim.Arch.Arm;

/// <summary>
/// Settings modelled on arch/arm/Makefile for an ARMv7-A kernel (CONFIG_CPU_32v7, CONFIG_AEABI, MMU on):
/// <c>-march=armv7-a</c> (arch-y), <c>-mabi=aapcs-linux</c> (CFLAGS_ABI, plus <c>-meabi gnu</c> for clang),
/// <c>-msoft-float</c> (spelled <c>-mfloat-abi=soft</c>), <c>-marm</c> (CFLAGS_ISA without
/// CONFIG_THUMB2_KERNEL) and the common -fno-pic. No -mno-unaligned-access: the kernel passes it only
/// without an MMU. No -funwind-tables (CONFIG_UNWINDER_ARM): its .ARM.exidx entries reference
/// __aeabi_unwind_cpp_pr0, which only the kernel image defines, and unwinding plays no part in a call;
/// clang still writes EXIDX_CANTUNWIND entries (R_ARM_PREL31), which the loader places and relocates.
/// </summary>
/// <remarks>
/// GCC is Debian's <c>arm-linux-gnueabihf-gcc</c>, whose defaults are the armhf userland's (Thumb-2,
/// VFPv3-D16, hard-float). <c>-marm -mfloat-abi=soft</c> override both: with <c>-c</c> and <c>-nostdinc</c>
/// nothing needs a soft-float multilib (no libgcc, no headers), so the driver accepts it. GCC has no
/// <c>-meabi</c>. Under <c>thumb2</c> the config's <c>-mthumb</c> comes after the base <c>-marm</c>; both
/// compilers take the last of the pair, as the kernel's CFLAGS_ISA chooses one of them.
/// </remarks>
internal static class Toolchain
{
    /// <summary>The triple for building and for disassembling alike.</summary>
    private const string TargetTriple = "armv7a-unknown-linux-gnueabi";

    private static readonly string[] Isa = ["-march=armv7-a", "-mabi=aapcs-linux", "-mfloat-abi=soft", "-marm"];

    public static readonly ToolchainSettings Settings = new(
        Triple: TargetTriple,
        CFlags: [.. ToolchainSettings.KernelCommon, .. Isa, "-meabi", "gnu", "-O2"],
        AsmFlags: [.. ToolchainSettings.KernelCommon, .. Isa])
    {
        // The decoder symbolizes branches in both states; thumb2 builds Thumb-2 code, which a code pointer's bit 0 selects.
        Disassembly = new("ARM", TargetTriple, MinimumInstructionSize: 4)
        {
            TargetAddressBits = 32,
            Thumb = new("ARM", "thumbv7a-unknown-linux-gnueabi", MinimumInstructionSize: 2) { TargetAddressBits = 32 },
        },
        GccDriver = "arm-linux-gnueabihf-gcc",
        GccPackage = "gcc-arm-linux-gnueabihf",
        // multi_v7_defconfig (arm's defconfig): ARM state, SMP, current in TPIDRURO.
        Kernel = new("arm", "arm-linux-gnueabihf-")
        {
            Options = KernelTarget.CommonOptions(("frame-pointer", ["UNWINDER_FRAME_POINTER", "!UNWINDER_ARM"])),
        },
        GccCFlags = [.. ToolchainSettings.KernelCommon, .. Isa, "-O2"],
        Configs = ArmConfigs(),
    };

    private static Dictionary<string, ConfigFlags> ArmConfigs()
    {
        var configs = ToolchainSettings.CommonConfigs(
            // CONFIG_FRAME_POINTER (UNWINDER_FRAME_POINTER, ARM state only): GCC also gets APCS frames.
            ("frame-pointer", new ConfigFlags(["-fno-omit-frame-pointer"], ["-fno-omit-frame-pointer", "-mapcs", "-mno-sched-prolog"])),
            ("thumb2", Thumb2Config));
        // kcfi stays: arch/arm selects ARCH_SUPPORTS_CFI_CLANG (Linux 6.10), and clang-19 emits the checks.
        return configs;
    }

    /// <summary>
    /// CONFIG_THUMB2_KERNEL. A Thumb function's symbol, and so every array entry and the lr of a call from Thumb
    /// code, carries the Thumb bit; the case runner and the call monitor compare code addresses through
    /// <see cref="IsaBackend.InstructionAddress"/>, which strips it.
    /// </summary>
    private static ConfigFlags Thumb2Config => ConfigFlags.Both("-mthumb");
}
