using System.Reflection;
using System.Runtime.InteropServices;

namespace Tpsim.Emulator.Unicorn;

/// <summary>
/// The raw C API of Debian's libunicorn2 (Unicorn 2.0.1). Only the entry points tpsim uses; every
/// call returns the native <see cref="UcError"/> and the typed wrapper decides what to throw.
/// </summary>
internal static unsafe partial class UnicornNative
{
    /// <summary>The soname Debian installs; there is no unversioned libunicorn.so without -dev.</summary>
    public const string Soname = "libunicorn.so.2";
    private const string Lib = "unicorn";

    static UnicornNative()
    {
        NativeLibrary.SetDllImportResolver(typeof(UnicornNative).Assembly, Resolve);
    }

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? path)
    {
        if (name != Lib)
        {
            return IntPtr.Zero;
        }
        if (NativeLibrary.TryLoad(Soname, assembly, path, out var handle))
        {
            return handle;
        }
        throw new DllNotFoundException(
            $"{Soname} was not found. Install Unicorn 2.0.1 with: apt-get install -y libunicorn2");
    }

    /// <summary>Forces the resolver registration and the library load; throws when it is missing.</summary>
    public static uint Version()
    {
        uint major, minor;
        return uc_version(&major, &minor);
    }

    [LibraryImport(Lib)]
    internal static partial uint uc_version(uint* major, uint* minor);

    [LibraryImport(Lib)]
    internal static partial UcError uc_open(UcArch arch, UcMode mode, out IntPtr engine);

    [LibraryImport(Lib)]
    internal static partial UcError uc_close(IntPtr engine);

    [LibraryImport(Lib)]
    internal static partial IntPtr uc_strerror(UcError code);

    [LibraryImport(Lib)]
    internal static partial UcError uc_reg_write(UnicornHandle engine, int regid, void* value);

    [LibraryImport(Lib)]
    internal static partial UcError uc_reg_read(UnicornHandle engine, int regid, void* value);

    /// <summary><c>uc_reg_read_batch(uc, int *regs, void **vals, int count)</c>: one call for several registers.</summary>
    [LibraryImport(Lib)]
    internal static partial UcError uc_reg_read_batch(UnicornHandle engine, int* regs, void** values, int count);

    // The register calls of a fire's hot path take the engine as a raw pointer: a SafeHandle argument costs an
    // add-ref and a release around every call, and a fire makes some twenty of them. Engine checks that the handle
    // is open before each, and only the thread that owns the engine calls them. They also skip the GC transition:
    // each only copies a few words of CPU state, never blocks and never calls back into managed code (no hook runs
    // outside uc_emu_start).

    [SuppressGCTransition]
    [LibraryImport(Lib, EntryPoint = "uc_reg_read")]
    internal static partial UcError uc_reg_read_raw(IntPtr engine, int regid, void* value);

    [SuppressGCTransition]
    [LibraryImport(Lib, EntryPoint = "uc_reg_write")]
    internal static partial UcError uc_reg_write_raw(IntPtr engine, int regid, void* value);

    [SuppressGCTransition]
    [LibraryImport(Lib, EntryPoint = "uc_reg_read_batch")]
    internal static partial UcError uc_reg_read_batch_raw(IntPtr engine, int* regs, void** values, int count);

    /// <summary><c>uc_reg_write_batch(uc, int *regs, void *const *vals, int count)</c>.</summary>
    [SuppressGCTransition]
    [LibraryImport(Lib, EntryPoint = "uc_reg_write_batch")]
    internal static partial UcError uc_reg_write_batch_raw(IntPtr engine, int* regs, void** values, int count);

    /// <summary>
    /// <c>uc_reg_write(uc, UC_ARM64_REG_CP_REG, &amp;cp_reg)</c>: the register is named by the struct's
    /// encoding fields and the value is its <see cref="UcArm64CpReg.Value"/>.
    /// </summary>
    [LibraryImport(Lib, EntryPoint = "uc_reg_write")]
    internal static partial UcError uc_reg_write_cp(UnicornHandle engine, int regid, UcArm64CpReg* value);

    /// <summary><c>uc_reg_read(uc, UC_ARM64_REG_CP_REG, &amp;cp_reg)</c>: fills <see cref="UcArm64CpReg.Value"/> of the register the struct names.</summary>
    [LibraryImport(Lib, EntryPoint = "uc_reg_read")]
    internal static partial UcError uc_reg_read_cp(UnicornHandle engine, int regid, UcArm64CpReg* value);

    [LibraryImport(Lib)]
    internal static partial UcError uc_mem_write(UnicornHandle engine, ulong address, void* bytes, nuint size);

    [LibraryImport(Lib)]
    internal static partial UcError uc_mem_read(UnicornHandle engine, ulong address, void* bytes, nuint size);

    [LibraryImport(Lib)]
    internal static partial UcError uc_mem_map(UnicornHandle engine, ulong address, nuint size, UcProt perms);

    /// <summary>Maps guest memory onto host memory the caller owns and frees only after the engine is closed.</summary>
    [LibraryImport(Lib)]
    internal static partial UcError uc_mem_map_ptr(UnicornHandle engine, ulong address, nuint size, UcProt perms, void* memory);

    [LibraryImport(Lib)]
    internal static partial UcError uc_mem_unmap(UnicornHandle engine, ulong address, nuint size);

    /// <summary>unicorn.h <c>uc_mem_region</c>: one mapping, <see cref="End"/> inclusive.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct UcMemRegion
    {
        public ulong Begin;
        public ulong End;
        public uint Perms;
    }

    /// <summary>Every mapping, in an array the caller frees with <see cref="uc_free"/>.</summary>
    [LibraryImport(Lib)]
    internal static partial UcError uc_mem_regions(UnicornHandle engine, out UcMemRegion* regions, out uint count);

    [LibraryImport(Lib)]
    internal static partial UcError uc_free(void* memory);

    [LibraryImport(Lib)]
    internal static partial UcError uc_mem_protect(UnicornHandle engine, ulong address, nuint size, UcProt perms);

    [LibraryImport(Lib)]
    internal static partial UcError uc_emu_start(UnicornHandle engine, ulong begin, ulong until, ulong timeoutMicros, nuint count);

    [LibraryImport(Lib)]
    internal static partial UcError uc_emu_stop(IntPtr engine);

    /// <summary>
    /// Declared variadic in C (extra arguments only for UC_HOOK_INSN); the fixed prefix is passed as
    /// ordinary arguments, which the SysV and AAPCS64 variadic conventions accept for integer arguments.
    /// </summary>
    [LibraryImport(Lib)]
    internal static partial UcError uc_hook_add(UnicornHandle engine, out nuint hook, UcHookType type, void* callback, IntPtr userData, ulong begin, ulong end);

    [LibraryImport(Lib)]
    internal static partial UcError uc_hook_del(UnicornHandle engine, nuint hook);

    [LibraryImport(Lib)]
    internal static partial UcError uc_context_alloc(UnicornHandle engine, out IntPtr context);

    [LibraryImport(Lib)]
    internal static partial UcError uc_context_save(UnicornHandle engine, IntPtr context);

    [SuppressGCTransition]
    [LibraryImport(Lib, EntryPoint = "uc_context_save")]
    internal static partial UcError uc_context_save_raw(IntPtr engine, IntPtr context);

    [LibraryImport(Lib)]
    internal static partial UcError uc_context_restore(UnicornHandle engine, IntPtr context);

    [LibraryImport(Lib)]
    internal static partial UcError uc_context_free(IntPtr context);

    /// <summary>Variadic in C; every control tpsim issues takes at most two integer arguments.</summary>
    [LibraryImport(Lib)]
    internal static partial UcError uc_ctl(UnicornHandle engine, int control, ulong arg0, ulong arg1);

    internal static string StrError(UcError code) =>
        Marshal.PtrToStringUTF8(uc_strerror(code)) ?? code.ToString();
}

/// <summary>
/// unicorn/arm64.h <c>uc_arm64_cp_reg</c>: five 32-bit encoding fields in the order crn, crm, op0, op1, op2,
/// then the 64-bit value at offset 24 (natural alignment; 32 bytes in all).
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct UcArm64CpReg
{
    public uint Crn;
    public uint Crm;
    public uint Op0;
    public uint Op1;
    public uint Op2;
    public ulong Value;
}
