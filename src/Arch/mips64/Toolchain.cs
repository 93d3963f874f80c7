using Tpsim.Emulator.Isa;
using Tpsim.Emulator.Toolchain;

namespace Tpsim.Arch.Mips64;

/// <summary>
/// clang-19 and GCC 12 settings modelled on arch/mips/Makefile for a 64-bit big-endian kernel with
/// CONFIG_CPU_MIPS64_R2: <c>-mabi=64 -G 0 -mno-abicalls -fno-pic -msoft-float -march=mips64r2 -Wa,--trap</c>,
/// <c>-mno-check-zero-division</c> (a cc-option the Makefile adds), and <c>-mlong-calls</c>, which
/// KBUILD_CFLAGS_MODULE adds: every object the harness loads is a module, so a call goes through
/// <c>jalr</c> on a full address instead of a <c>jal</c> limited to its 256 MB region. -mno-abicalls and
/// -fno-pic make the code non-PIC: absolute addresses built by lui/daddiu, no GOT, no $gp.
/// <para>
/// The code model follows KBUILD_SYM32: for a kernel linked in CKSEG0 (0xffffffff80000000 up) Kbuild adds
/// <c>-msym32</c> when the compiler takes it. GCC does, so its addresses are 32-bit values sign-extended by
/// <c>lui</c> (R_MIPS_HI16/LO16). clang-19 has no -msym32, so Kbuild builds without it and clang emits the
/// full 64-bit sequence (%highest, %higher, %hi, %lo). The harness's kernel base, 0x40000000, suits both.
/// </para>
/// Configs: default, size and frame-pointer. MIPS has no kCFI (arch/mips does not select
/// ARCH_SUPPORTS_CFI_CLANG), and its CONFIG_DYNAMIC_FTRACE uses <c>-pg</c> calls to <c>_mcount</c> that the
/// kernel rewrites at load time, not a patchable entry, so neither config applies.
/// </summary>
internal static class Toolchain
{
    /// <summary>The triple for building and for disassembling alike.</summary>
    private const string TargetTriple = "mips64-unknown-linux-gnuabi64";

    private static readonly string[] Common =
    [
        .. ToolchainSettings.KernelCommon,
        "-mabi=64", "-G0", "-mno-abicalls", "-msoft-float", "-march=mips64r2", "-Wa,--trap",
        "-mno-check-zero-division", "-mlong-calls",
    ];

    public static readonly ToolchainSettings Settings = new(
        Triple: TargetTriple,
        CFlags: [.. Common, "-O2"],
        AsmFlags: Common)
    {
        Disassembly = new("Mips", TargetTriple, MinimumInstructionSize: 4)
        {
            // -march=mips64r2: the generic CPU does not decode dins, dext, seb or wsbh.
            Cpu = "mips64r2",
            // MIPS's printer cuts a branch target to 32 bits whenever the CPU has MIPS32, which MIPS64 implies.
            TargetAddressBits = 32,
            // The decoder symbolizes nothing: each PC-relative branch prints its offset from the branch (delay slot included).
            PcRelativeOperands =
            [
                new(@"^(?:b|bal|beq|bne|beqz|bnez|bgez|bgtz|blez|bltz|bgezal|bltzal|beql|bnel|bgezl|bgtzl|blezl|bltzl|bgezall|bltzall|bc1f|bc1t|bc1fl|bc1tl|bc2f|bc2t|bc2fl|bc2tl) (?:[^,]+, )*(?<offset>-?0x[0-9a-f]+)$"),
            ],
        },
        GccDriver = "mips64-linux-gnuabi64-gcc",
        GccPackage = "gcc-mips64-linux-gnuabi64",
        // The generic board's 64-bit big-endian MIPS64r2 config: ARCH=mips's defconfig is a 32-bit ip22.
        Kernel = new("mips", "mips64-linux-gnuabi64-")
        {
            Defconfig = "64r2_defconfig",
            Options = KernelTarget.CommonOptions(("frame-pointer", ["FRAME_POINTER"])).Where(o => o.Key != "kcfi").ToDictionary(),
        },
        GccCFlags = [.. Common, "-msym32", "-O2"],
        Configs = Mips64Configs(),
    };

    private static Dictionary<string, ConfigFlags> Mips64Configs()
    {
        var configs = ToolchainSettings.CommonConfigs();
        configs.Remove("kcfi");
        return configs;
    }
}
