namespace Tpsim.Emulator.Memory;

/// <summary>Page arithmetic for Unicorn's fixed 4 KiB mapping granularity.</summary>
public static class Pages
{
    public const ulong Size = 0x1000;

    public static ulong AlignDown(ulong value) => value & ~(Size - 1);

    public static ulong AlignUp(ulong value) => (value + Size - 1) & ~(Size - 1);

    public static bool IsAligned(ulong value) => (value & (Size - 1)) == 0;
}
