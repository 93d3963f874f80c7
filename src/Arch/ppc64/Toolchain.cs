using Tpsim.Emulator.Isa;
using Tpsim.Emulator.Toolchain;

namespace Tpsim.Arch.Ppc64;

/// <summary>
/// clang-19 and GCC 12 settings modelled on arch/powerpc/Makefile for a big-endian Book3S-64 kernel with the
/// ELFv1 ABI (CONFIG_PPC64_ELF_ABI_V1): <c>-mbig-endian -mabi=elfv1 -mcmodel=medium -mcpu=power4
/// -mtune=power7 -msoft-float -mno-altivec -mno-vsx</c>; GCC also gets <c>-mcall-aixdesc -mtraceback=no
/// -mno-pointers-to-nested-functions</c>, which clang-19 does not know (the kernel passes them to GCC only).
/// <list type="bullet">
/// <item>ABI: both compilers already default to ELFv1 for a big-endian powerpc64 Linux target (clang-19 for
/// <c>powerpc64-unknown-linux-gnu</c>, Debian's <c>powerpc64-linux-gnu-gcc</c>): e_flags 0, a descriptor in
/// .opd for every function. <c>-mabi=elfv1</c> says so explicitly; the kernel passes it to GCC, and for clang the
/// triple decides. (Newer kernels can build big-endian with ELFv2, CONFIG_PPC64_ELF_ABI_V2, which lld
/// requires; that is not this model.)</item>
/// <item>Code model: -mcmodel=medium, the kernel's for built-in code, where the iterator and tp_stub_func live.
/// Data the object defines is addressed TOC-relative (R_PPC64_TOC16_HA/LO/LO_DS), external data through a
/// .toc entry (R_PPC64_ADDR64). The kernel builds modules with -mcmodel=large, which only moves more
/// addresses into .toc.</item>
/// <item>Without <c>-mno-pointers-to-nested-functions</c> clang's indirect call also loads r11 from the
/// descriptor's third doubleword (the environment); the harness's descriptors hold 0 there.</item>
/// </list>
/// </summary>
internal static class Toolchain
{
    /// <summary>The triple for building and for disassembling alike.</summary>
    private const string TargetTriple = "powerpc64-unknown-linux-gnu";

    private static readonly string[] Common =
    [
        .. ToolchainSettings.KernelCommon, "-mbig-endian", "-mabi=elfv1", "-mcmodel=medium", "-mcpu=power4", "-mtune=power7",
        "-msoft-float", "-mno-altivec", "-mno-vsx",
    ];

    private static readonly string[] GccOnly = ["-mcall-aixdesc", "-mtraceback=no", "-mno-pointers-to-nested-functions"];

    public static readonly ToolchainSettings Settings = new(
        Triple: TargetTriple,
        CFlags: [.. Common, "-O2"],
        AsmFlags: Common)
    {
        Disassembly = new("PowerPC", TargetTriple, MinimumInstructionSize: 4)
        {
            Cpu = "pwr4",
            // The decoder symbolizes nothing: a relative branch prints as ".+8" or ".-28" from the branch.
            PcRelativeOperands = [new(@"(?<operand>\.(?<offset>[+-]\d+))$")],
        },
        GccDriver = "powerpc64-linux-gnu-gcc",
        GccPackage = "gcc-powerpc64-linux-gnu",
        GccCFlags = [.. Common, .. GccOnly, "-O2"],
        // ppc64_defconfig is the big-endian Book3S-64 kernel; 6.12 builds it ELFv2 (PPC64_BIG_ENDIAN_ELF_ABI_V2, on unless
        // a GNU-linker build with EXPERT turns it off), so its code runs under the ELFv2 variant of this backend (KernelRuntime.cs).
        Kernel = new("powerpc", "powerpc64-linux-gnu-")
        {
            Defconfig = "ppc64_defconfig",
            LibraryObjects = ["arch/powerpc/lib/crtsavres.o"],
            Options = KernelTarget.CommonOptions().Where(o => o.Key != "kcfi").ToDictionary(),
        },
        Configs = Ppc64Configs(),
    };

    private static Dictionary<string, ConfigFlags> Ppc64Configs()
    {
        var configs = ToolchainSettings.CommonConfigs(
            // CONFIG_DYNAMIC_FTRACE. An ELFv1 kernel builds -pg: `bl _mcount; nop`, which the module loader points at a
            // TOC-switching stub (the nop becoming `ld r2,40(r1)`) and ftrace turns into `b +8` at boot. tpsim builds the
            // form the kernel uses for ppc32 and ELFv2, -fpatchable-function-entry=2 (two nops at each code entry, which
            // both compilers support for big-endian ppc64), because its loader builds no stubs; with tracing off, both
            // leave straight-line code in front of the function body.
            ("ftrace", ConfigFlags.Both("-fpatchable-function-entry=2")));
        // arch/powerpc does not select ARCH_SUPPORTS_CFI_CLANG.
        configs.Remove("kcfi");
        return configs;
    }
}
