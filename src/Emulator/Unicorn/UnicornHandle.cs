using System.Runtime.InteropServices;

namespace Tpsim.Emulator.Unicorn;

/// <summary>Owns one <c>uc_engine*</c>; releasing it calls <c>uc_close</c>, which frees the large per-engine reservation.</summary>
public sealed class UnicornHandle : SafeHandle
{
    private static long s_opened;
    private static long s_closed;

    public UnicornHandle() : base(IntPtr.Zero, ownsHandle: true) { }

    /// <summary>Engines opened since process start; with <see cref="ClosedCount"/> it shows leaks.</summary>
    public static long OpenedCount => Interlocked.Read(ref s_opened);

    /// <summary>Engines closed since process start.</summary>
    public static long ClosedCount => Interlocked.Read(ref s_closed);

    public override bool IsInvalid => handle == IntPtr.Zero;

    internal static UnicornHandle Open(UcArch arch, UcMode mode)
    {
        var err = UnicornNative.uc_open(arch, mode, out var raw);
        if (err != UcError.Ok)
        {
            throw UnicornException.From(err, $"uc_open({arch}, {mode})");
        }
        Interlocked.Increment(ref s_opened);
        var h = new UnicornHandle();
        h.SetHandle(raw);
        return h;
    }

    protected override bool ReleaseHandle()
    {
        Interlocked.Increment(ref s_closed);
        return UnicornNative.uc_close(handle) == UcError.Ok;
    }
}
