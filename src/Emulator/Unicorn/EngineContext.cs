using System.Runtime.InteropServices;

namespace Tpsim.Emulator.Unicorn;

/// <summary>A saved CPU state (<c>uc_context</c>); release frees it with <c>uc_context_free</c>.</summary>
public sealed class EngineContext : SafeHandle
{
    internal EngineContext(IntPtr raw) : base(IntPtr.Zero, ownsHandle: true) => SetHandle(raw);

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle() => UnicornNative.uc_context_free(handle) == UcError.Ok;
}
