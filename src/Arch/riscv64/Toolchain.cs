using Tpsim.Emulator.Isa;
using Tpsim.Emulator.Toolchain;

namespace Tpsim.Arch.Riscv64;

/// <summary>clang-19 settings modelled on arch/riscv/Makefile (medany, no linker relaxation).</summary>
internal static class Toolchain
{
    /// <summary>The triple for building and for disassembling alike.</summary>
    private const string TargetTriple = "riscv64-unknown-linux-gnu";

    // kbuild's own: C without F/D and the soft-float ABI (checked against its command line by ModelFlagsTests).
    private static readonly string[] Common =
        [.. ToolchainSettings.KernelCommon, "-mabi=lp64", "-mcmodel=medany", "-mno-relax"];

    private static readonly string[] C = [.. Common, "-march=rv64imac"];

    public static readonly ToolchainSettings Settings = new(
        Triple: TargetTriple,
        CFlags: [.. C, "-O2"],
        // Assembly keeps F/D, as arch/riscv/Makefile's riscv-march-aflags do: the FPU's own code (and the fs0 control) needs them.
        AsmFlags: [.. Common, "-march=rv64imafdc"])
    {
        Disassembly = new("RISCV", TargetTriple, MinimumInstructionSize: 2)
        {
            // Raw bytes carry no .riscv.attributes; the kernel's baseline is rv64imafdc.
            Features = "+m,+a,+f,+d,+c",
            // The decoder symbolizes nothing: every branch and jal prints its offset (the aliases included, c.j as j).
            PcRelativeOperands =
            [
                new(@"^(?:beq|bne|blt|bge|bltu|bgeu|beqz|bnez|blez|bgez|bltz|bgtz|j|jal) (?:[^,]+, )*(?<offset>-?0x[0-9a-f]+)$"),
            ],
        },
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
