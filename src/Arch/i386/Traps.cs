namespace Tpsim.Arch.I386;

/// <summary>Names the i386 instructions that stop the CPU on purpose.</summary>
internal static class Traps
{
    public static string Describe(ReadOnlySpan<byte> b) => b switch
    {
        [0x0f, 0x0b, ..] => "ud2",
        [0x0f, 0xb9, ..] => "ud1",
        [0xcc, ..] => "int3",
        [0xcd, var vector, ..] => $"int $0x{vector:x}",
        [0xce, ..] => "into",
        [0xf4, ..] => "hlt",
        _ => "bytes " + Convert.ToHexString(b[..Math.Min(b.Length, 8)]).ToLowerInvariant(),
    };
}
