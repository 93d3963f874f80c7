using Tpsim.Emulator.Isa;
using Tpsim.Emulator.Toolchain;

namespace Tpsim.Arch.S390x;

/// <summary>
/// clang-19 and GCC 12 settings modelled on arch/s390/Makefile: <c>-march=z10</c> (the oldest
/// CONFIG_MARCH_* the kernel still offers), and <c>-mpacked-stack -mbackchain -msoft-float</c>, which
/// the kernel passes to every object. With -mpacked-stack a function stores the registers it saves
/// densely at the top end of the 160-byte save area its caller reserved (r14 two words below the back
/// chain, which -mbackchain keeps in the area's top word) instead of at their fixed standard slots;
/// either way the stores land inside the caller's save area, which the checker leaves to the callee.
/// The kernel builds modules with -fPIC and gives them a GOT and PLT at load time; tpsim builds with
/// -fno-pic, as for the other ISAs, so objects carry only direct and PC-relative relocations.
/// </summary>
internal static class Toolchain
{
    /// <summary>The triple for building and for disassembling alike.</summary>
    private const string TargetTriple = "s390x-unknown-linux-gnu";

    private static readonly string[] Common =
        [.. ToolchainSettings.KernelCommon, "-march=z10", "-mpacked-stack", "-mbackchain", "-msoft-float"];

    public static readonly ToolchainSettings Settings = new(
        Triple: TargetTriple,
        CFlags: [.. Common, "-O2"],
        AsmFlags: Common)
    {
        // The decoder resolves PC-relative operands itself; it decodes only what the CPU has, so the kernel's -march=z10.
        Disassembly = new("SystemZ", TargetTriple, MinimumInstructionSize: 2) { Cpu = "z10" },
        GccDriver = "s390x-linux-gnu-gcc",
        GccPackage = "gcc-s390x-linux-gnu",
        GccCFlags = [.. Common, "-O2"],
        // s390 has no kCFI; its defconfig has no frame-pointer option (the back chain is -mbackchain).
        Kernel = new("s390", "s390x-linux-gnu-")
        {
            Options = KernelTarget.CommonOptions().Where(o => o.Key != "kcfi").ToDictionary(),
        },
        Configs = S390xConfigs(),
    };

    private static Dictionary<string, ConfigFlags> S390xConfigs()
    {
        var configs = ToolchainSettings.CommonConfigs(
            // CONFIG_DYNAMIC_FTRACE: both compilers take -mfentry -mnop-mcount, so the kernel uses them (with
            // -mrecord-mcount) instead of -mhotpatch: a 6-byte brcl 0,0 at each function entry, listed in __mcount_loc.
            ("ftrace", ConfigFlags.Both("-pg", "-mfentry", "-mnop-mcount", "-mrecord-mcount")));
        // arch/s390 does not select ARCH_SUPPORTS_CFI_CLANG.
        configs.Remove("kcfi");
        return configs;
    }
}
