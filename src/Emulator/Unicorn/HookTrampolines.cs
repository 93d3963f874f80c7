using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Tpsim.Emulator.Unicorn;

/// <summary>
/// Native entry points for every hook kind. User data is a GCHandle to a <see cref="HookTarget"/>;
/// no exception may cross the native frame, so each is caught, stored on the engine, and emulation is
/// stopped; <see cref="Engine.Run"/> rethrows it after <c>uc_emu_start</c> returns.
/// </summary>
internal static unsafe class HookTrampolines
{
    internal sealed record HookTarget(Engine Engine, Delegate Callback);

    private static HookTarget Target(IntPtr user) => (HookTarget)GCHandle.FromIntPtr(user).Target!;

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    internal static void Code(IntPtr uc, ulong address, uint size, IntPtr user)
    {
        var t = Target(user);
        try
        {
            ((CodeHook)t.Callback)(t.Engine, address, size);
        }
        catch (Exception ex)
        {
            t.Engine.FailFromHook(ex);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    internal static void Interrupt(IntPtr uc, uint intno, IntPtr user)
    {
        var t = Target(user);
        if (t.Engine.SkipsInterrupt(t.Callback))
        {
            return;
        }
        try
        {
            ((InterruptHook)t.Callback)(t.Engine, intno);
        }
        catch (Exception ex)
        {
            t.Engine.FailFromHook(ex);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    internal static byte InvalidMemory(IntPtr uc, UcMemType type, ulong address, int size, long value, IntPtr user)
    {
        var t = Target(user);
        try
        {
            return ((InvalidMemoryHook)t.Callback)(t.Engine, type, address, size, value) ? (byte)1 : (byte)0;
        }
        catch (Exception ex)
        {
            t.Engine.FailFromHook(ex);
            return 0;
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    internal static byte InvalidInstruction(IntPtr uc, IntPtr user)
    {
        var t = Target(user);
        try
        {
            return ((InvalidInstructionHook)t.Callback)(t.Engine) ? (byte)1 : (byte)0;
        }
        catch (Exception ex)
        {
            t.Engine.FailFromHook(ex);
            return 0;
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    internal static void MemoryWrite(IntPtr uc, UcMemType type, ulong address, int size, long value, IntPtr user)
    {
        var t = Target(user);
        try
        {
            ((MemoryWriteHook)t.Callback)(t.Engine, address, size);
        }
        catch (Exception ex)
        {
            t.Engine.FailFromHook(ex);
        }
    }

    internal static void* CodePtr => (delegate* unmanaged[Cdecl]<IntPtr, ulong, uint, IntPtr, void>)&Code;

    internal static void* InterruptPtr => (delegate* unmanaged[Cdecl]<IntPtr, uint, IntPtr, void>)&Interrupt;

    internal static void* InvalidMemoryPtr => (delegate* unmanaged[Cdecl]<IntPtr, UcMemType, ulong, int, long, IntPtr, byte>)&InvalidMemory;

    internal static void* MemoryWritePtr => (delegate* unmanaged[Cdecl]<IntPtr, UcMemType, ulong, int, long, IntPtr, void>)&MemoryWrite;

    internal static void* InvalidInstructionPtr => (delegate* unmanaged[Cdecl]<IntPtr, IntPtr, byte>)&InvalidInstruction;
}
