namespace Tpsim.Emulator.Checking;

/// <summary>
/// Distinct, recognisable values seeded before every run (GMP's call.asm idea): a register or word
/// that moved shows up as the wrong magic, not as a plausible zero.
/// </summary>
public static class Seeds
{
    public static ulong Argument(int index) => 0xa000_0000_0000_0000UL | ((ulong)(uint)(index + 1) << 40) | 0x5eed_0000UL | (ulong)(uint)(index + 1);

    public static ulong Data(int entry) => 0xda7a_0000_0000_0000UL | ((ulong)(uint)(entry + 1) << 12);

    public static ulong CalleeSaved(int index) => 0xc5c5_0000_0000_0000UL | ((ulong)(uint)(index + 1) << 24) | 0xbeefUL;

    public static ulong CallerSaved(int index) => 0x7a7a_0000_0000_0000UL | ((ulong)(uint)(index + 1) << 24);

    public const byte StackFill = 0xa5;
}
