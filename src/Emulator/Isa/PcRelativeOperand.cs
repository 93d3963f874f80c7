namespace Tpsim.Emulator.Isa;

/// <summary>
/// An operand that LLVM's C API prints as an offset from the instruction where llvm-objdump prints the address it
/// reaches: the C API cannot switch on the printer's branch-as-address mode, and this ISA's decoder does not hand the
/// operand to the symbolizer (which prints targets as addresses on x86, arm64's branches, arm and s390x).
/// <see cref="Toolchain.LlvmDisassembler"/> rewrites it as llvm-objdump shows it.
/// </summary>
/// <param name="Pattern">
/// A regular expression over the whole instruction text (one space between mnemonic and operands): group
/// <c>offset</c> is the signed number (<c>0x</c> hex or decimal) and group <c>operand</c>, when present, the span
/// replaced by the address (else <c>offset</c>'s own span).
/// </param>
public sealed record PcRelativeOperand(string Pattern, PcRelativeKind Kind = PcRelativeKind.Branch);
