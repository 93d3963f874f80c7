using Tpsim.Emulator.Isa;

namespace Tpsim.Arch.Arm;

/// <summary>
/// Arm bridge slots: an ARM-state <c>bx lr</c> after the C# body has written the result to r0. A slot
/// address is even, so it is ARM code: an ARM caller reaches it with <c>bl</c>, a Thumb caller with the
/// <c>blx</c> that R_ARM_THM_CALL turns its <c>bl</c> into (or through a pointer with <c>blx reg</c>), and
/// <c>bx lr</c> returns to either state by bit 0 of lr. Stack arguments are 4-byte words.
/// </summary>
internal sealed class ArmCallBridge() : CallBridge(Abi.Description, RegisterIds.Map)
{
    public override byte[] ReturnInstruction => [0x1e, 0xff, 0x2f, 0xe1]; // bx lr (0xe12fff1e)
}
