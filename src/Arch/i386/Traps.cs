using Tpsim.Emulator.Isa;

namespace Tpsim.Arch.I386;

/// <summary>Names the i386 instructions that stop the CPU on purpose.</summary>
internal static class Traps
{
    public static DecodedInstruction Describe(ReadOnlySpan<byte> b) => b switch
    {
        [0x0f, 0x0b, ..] => DecodedInstruction.Invalid("ud2"),
        [0x0f, 0xb9, ..] => DecodedInstruction.Invalid("ud1"),
        [0xcc, ..] => DecodedInstruction.Breakpoint("int3"),
        [0xcd, var vector, ..] => DecodedInstruction.Invalid($"int $0x{vector:x}"),
        [0xce, ..] => DecodedInstruction.Invalid("into"),
        [0xf4, ..] => DecodedInstruction.Invalid("hlt"),
        _ => DecodedInstruction.Other("bytes " + Convert.ToHexString(b[..Math.Min(b.Length, 8)]).ToLowerInvariant()),
    };
}
