namespace Tpsim.Emulator.Toolchain;

/// <summary>One instruction as <see cref="LlvmDisassembler"/> decodes it.</summary>
/// <param name="Address">Where it sits (even on arm, where an odd code pointer selected Thumb state).</param>
/// <param name="Bytes">Its encoding; as many bytes as it takes.</param>
/// <param name="Text">Mnemonic and operands with one space between them, or <see cref="LlvmDisassembler.Unknown"/>.</param>
public sealed record DisassembledInstruction(ulong Address, byte[] Bytes, string Text)
{
    /// <summary>Whether LLVM decoded it (else it is an undecodable position of the ISA's minimum size).</summary>
    public bool IsKnown => Text != LlvmDisassembler.Unknown;

    public override string ToString() => $"{Address:x}: {Convert.ToHexStringLower(Bytes)} {Text}";
}
