using Tpsim.Emulator.Isa;

namespace Tpsim.Arch.I386;

/// <summary>
/// i386 bridge slots: a bare <c>ret</c> (caller pops, so never <c>ret $n</c>) after the C# body has
/// written the result to eax. Stack arguments are read as 4-byte words (<see cref="AbiDescription.PointerSize"/>).
/// </summary>
internal sealed class I386CallBridge() : CallBridge(Abi.Description, RegisterIds.Map)
{
    public override byte[] ReturnInstruction => [0xc3];
}
