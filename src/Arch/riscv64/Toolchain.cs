using Tpsim.Emulator.Isa;
using Tpsim.Emulator.Toolchain;

namespace Tpsim.Arch.Riscv64;

/// <summary>clang-19 settings modelled on arch/riscv/Makefile (medany, no linker relaxation).</summary>
internal static class Toolchain
{
    private static readonly string[] Common =
        [.. ToolchainSettings.KernelCommon, "-march=rv64imafdc", "-mabi=lp64d", "-mcmodel=medany", "-mno-relax"];

    public static readonly ToolchainSettings Settings = new(
        Triple: "riscv64-unknown-linux-gnu",
        CFlags: [.. Common, "-O2"],
        AsmFlags: Common)
    {
        // Raw bytes carry no .riscv.attributes; the kernel's baseline is rv64imafdc.
        DisassemblerOptions = ["--mattr=+m,+a,+f,+d,+c"],
        GccDriver = "riscv64-linux-gnu-gcc",
        GccPackage = "gcc-riscv64-linux-gnu",
        Kernel = new("riscv", "riscv64-linux-gnu-")
        {
            MakeVariables = ["KCFLAGS=-mno-relax"],
            Options = KernelTarget.CommonOptions(
                ("frame-pointer", ["FRAME_POINTER"]),
                ("scs", ["SHADOW_CALL_STACK"]),
                ("ftrace", ["DYNAMIC_FTRACE", "FUNCTION_TRACER"])),
        },
        GccCFlags = [.. Common, "-O2"],
        Configs = ToolchainSettings.CommonConfigs(
            // arch/riscv/Makefile with the C extension: four 2-byte NOPs at each function entry.
            ("ftrace", ConfigFlags.Both("-fpatchable-function-entry=4"))),
    };
}
