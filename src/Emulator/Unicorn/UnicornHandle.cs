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

    // Host memory behind uc_mem_map_ptr mappings. Unicorn keeps pointers into it until uc_close, so it is freed here,
    // after the close, whichever path (Dispose or finalizer) releases the handle.
    private readonly HashSet<IntPtr> _hostMemory = [];

    /// <summary>Allocates zeroed, page-aligned host memory that lives until the engine is closed or <see cref="FreeHostMemory"/>.</summary>
    internal unsafe IntPtr AllocateHostMemory(ulong size)
    {
        var p = (IntPtr)NativeMemory.AlignedAlloc((nuint)size, 4096);
        NativeMemory.Clear((void*)p, (nuint)size);
        lock (_hostMemory)
        {
            _hostMemory.Add(p);
        }
        return p;
    }

    /// <summary>Frees host memory once no mapping refers to it any more.</summary>
    internal unsafe void FreeHostMemory(IntPtr p)
    {
        lock (_hostMemory)
        {
            if (!_hostMemory.Remove(p))
            {
                return;
            }
        }
        NativeMemory.AlignedFree((void*)p);
    }

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
        var closed = UnicornNative.uc_close(handle) == UcError.Ok;
        unsafe
        {
            lock (_hostMemory)
            {
                foreach (var p in _hostMemory)
                {
                    NativeMemory.AlignedFree((void*)p);
                }
                _hostMemory.Clear();
            }
        }
        return closed;
    }
}
