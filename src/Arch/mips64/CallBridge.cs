using Tpsim.Emulator.Isa;

namespace Tpsim.Arch.Mips64;

/// <summary>
/// mips64 bridge slots: <c>jr $ra</c> and a <c>nop</c> in its delay slot, after the C# body has written the
/// result to v0. Stack arguments (the ninth on) are read from 0($sp) upward, big-endian: n64 reserves no
/// home area for the register arguments.
/// </summary>
internal sealed class Mips64CallBridge() : CallBridge(Abi.Description, RegisterIds.Map)
{
    public override byte[] ReturnInstruction => [0x03, 0xe0, 0x00, 0x08, 0x00, 0x00, 0x00, 0x00];
}
