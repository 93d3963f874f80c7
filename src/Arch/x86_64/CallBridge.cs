using Tpsim.Emulator.Isa;

namespace Tpsim.Arch.X86_64;

/// <summary>x86_64 bridge slots: a bare <c>ret</c> after the C# body has written the result.</summary>
internal sealed class X86_64CallBridge() : CallBridge(Abi.Description, RegisterIds.Map)
{
    public override byte[] ReturnInstruction => [0xc3];
}
