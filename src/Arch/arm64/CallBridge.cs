using Tpsim.Emulator.Isa;

namespace Tpsim.Arch.Arm64;

/// <summary>arm64 bridge slots: a bare <c>ret (br x30)</c> after the C# body has written the result.</summary>
internal sealed class Arm64CallBridge() : CallBridge(Abi.Description, RegisterIds.Map)
{
    public override byte[] ReturnInstruction => [0xc0, 0x03, 0x5f, 0xd6];
}
