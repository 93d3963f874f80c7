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

/// <summary>
/// Thumb bridge slots for the thumb2 build: a Thumb <c>bx lr</c> at an even address whose symbol carries the
/// Thumb bit, so a kernel image built with -mthumb can tail-call a bridged function with B.W.
/// </summary>
internal sealed class ArmThumbCallBridge() : CallBridge(Abi.Description, RegisterIds.Map)
{
    public override byte[] ReturnInstruction => [0x70, 0x47]; // bx lr (Thumb, 0x4770)

    public override ulong SymbolBias => 1;
}
