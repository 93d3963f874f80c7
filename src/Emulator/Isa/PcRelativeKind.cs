namespace Tpsim.Emulator.Isa;

/// <summary>What a <see cref="PcRelativeOperand"/>'s offset counts from, and whether a symbolizer may name the result.</summary>
public enum PcRelativeKind
{
    /// <summary>A branch or call target: the instruction's address plus the offset, named by the caller's symbolizer if it can.</summary>
    Branch,

    /// <summary>A data or code address (arm64 <c>adr</c>, <c>ldr</c> literal): the instruction's address plus the offset, always in hex.</summary>
    Address,

    /// <summary>A 4 KiB page (arm64 <c>adrp</c>): the instruction's page plus the offset in pages, always in hex.</summary>
    Page,
}
