using Tpsim.Emulator.Isa;

namespace Tpsim.Arch.S390x;

/// <summary>
/// s390x bridge slots: <c>br %r14</c> (07fe) after the C# body has written the result to r2. Stack
/// arguments are read at 160(%r15) upward, above the caller's register save area, big-endian.
/// </summary>
internal sealed class S390xCallBridge() : CallBridge(Abi.Description, RegisterIds.Map)
{
    public override byte[] ReturnInstruction => [0x07, 0xfe];
}
