namespace Tpsim.Emulator.Isa;

/// <summary>
/// How LLVM disassembles one ISA's code, for both <see cref="Toolchain.LlvmDisassembler"/> (libLLVM's C API) and
/// llvm-objdump (<see cref="ToolchainSettings.DisassemblerOptions"/>), so that the two decode alike: the LLVM target
/// whose initializers libLLVM exports, the triple, and the CPU and features of the code the ISA builds (raw bytes
/// carry no ELF flags or attributes section to name them).
/// </summary>
/// <param name="Target">The LLVM target name in <c>LLVMInitialize&lt;Target&gt;Disassembler</c>: X86, AArch64, RISCV, ARM, SystemZ, Mips, PowerPC.</param>
/// <param name="MinimumInstructionSize">Bytes an undecodable position stands for before decoding resumes.</param>
public sealed record LlvmDisassembly(string Target, string Triple, int MinimumInstructionSize)
{
    /// <summary>LLVM's CPU name (<c>--mcpu</c>), empty for the triple's default. Init-only.</summary>
    public string Cpu { get; init; } = "";

    /// <summary>LLVM's feature string (<c>--mattr</c>), such as <c>+m,+a</c>; empty for the CPU's own. Init-only.</summary>
    public string Features { get; init; } = "";

    /// <summary>
    /// The settings for code addressed with bit 0 set (arm's Thumb state, as <see cref="IsaBackend.InstructionAddress"/>
    /// reads a code pointer), or null where bit 0 is an ordinary address bit. Init-only.
    /// </summary>
    public LlvmDisassembly? Thumb { get; init; }

    /// <summary>
    /// The bits of a branch target that llvm-objdump prints: 32 where its instruction printer cuts the address to 32 bits
    /// (i386, arm, and mips64, whose printer does so whenever the CPU has MIPS32, which MIPS64 implies). Init-only.
    /// </summary>
    public int TargetAddressBits { get; init; } = 64;

    /// <summary>The operands LLVM's C API prints relative to the instruction where llvm-objdump prints an address. Init-only.</summary>
    public IReadOnlyList<PcRelativeOperand> PcRelativeOperands { get; init; } = [];

    /// <summary>llvm-objdump's options for the same CPU and features (beside <c>--triple</c>).</summary>
    public IReadOnlyList<string> ObjdumpOptions =>
        [.. Cpu.Length > 0 ? [$"--mcpu={Cpu}"] : Array.Empty<string>(), .. Features.Length > 0 ? [$"--mattr={Features}"] : Array.Empty<string>()];

    /// <summary>The mask <see cref="TargetAddressBits"/> stands for.</summary>
    public ulong TargetAddressMask => TargetAddressBits >= 64 ? ulong.MaxValue : (1UL << TargetAddressBits) - 1;
}
