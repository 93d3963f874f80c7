using Tpsim.Emulator.Isa;

namespace Tpsim.Arch.Riscv64;

/// <summary>riscv64 bridge slots: a bare <c>ret (jalr x0, 0(ra))</c> after the C# body has written the result.</summary>
internal sealed class Riscv64CallBridge() : CallBridge(Abi.Description, RegisterIds.Map)
{
    public override byte[] ReturnInstruction => [0x67, 0x80, 0x00, 0x00];
}
