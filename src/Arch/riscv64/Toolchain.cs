using Tpsim.Emulator.Isa;
using Tpsim.Emulator.Toolchain;

namespace Tpsim.Arch.Riscv64;

/// <summary>clang-19 settings modelled on arch/riscv/Makefile (medany, no linker relaxation).</summary>
internal static class Toolchain
{
    // kbuild's own: C without F/D and the soft-float ABI (checked against its command line by ModelFlagsTests).
    private static readonly string[] Common =
        [.. ToolchainSettings.KernelCommon, "-mabi=lp64", "-mcmodel=medany", "-mno-relax"];

    private static readonly string[] C = [.. Common, "-march=rv64imac"];

    public static readonly ToolchainSettings Settings = new(
        Triple: "riscv64-unknown-linux-gnu",
        CFlags: [.. C, "-O2"],
        // Assembly keeps F/D, as arch/riscv/Makefile's riscv-march-aflags do: the FPU's own code (and the fs0 control) needs them.
        AsmFlags: [.. Common, "-march=rv64imafdc"])
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
            // The shadow call stack in gp: kbuild's -fsanitize=shadow-call-stack (clang only); no simulated build yet.
            RealOnly = new HashSet<string>(["scs"]),
        },
        GccCFlags = [.. C, "-O2"],
        Configs = ToolchainSettings.CommonConfigs(
            // arch/riscv/Makefile with the C extension: four 2-byte NOPs at each function entry.
            ("ftrace", ConfigFlags.Both("-fpatchable-function-entry=4"))),
    };
}
