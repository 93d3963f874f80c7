using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;

namespace Tpsim.Emulator.Toolchain;

/// <summary>
/// The <c>DisInfo</c> of one disassembler context and its <c>SymbolLookUp</c> callback: names a branch target by the
/// caller's symbolizer, or by its address in hex as llvm-objdump prints it. The symbolizer is asked once per target.
/// LLVM keeps the returned C strings (as symbol names in the context), so each stays allocated until
/// <see cref="FreeNames"/>, after the context is disposed.
/// </summary>
internal sealed unsafe class LlvmSymbolLookup(Func<ulong, string?>? symbolize, ulong targetMask)
{
    private readonly Dictionary<ulong, string> _names = [];
    private readonly Dictionary<ulong, IntPtr> _nativeNames = [];
    private ExceptionDispatchInfo? _failure;

    /// <summary>The callback's address for <c>LLVMCreateDisasmCPUFeatures</c>.</summary>
    public static delegate* unmanaged[Cdecl]<IntPtr, ulong, ulong*, ulong, byte**, byte*> Callback => &LookUp;

    /// <summary>The text for a branch target: the symbolizer's name, else the address in hex.</summary>
    public string Name(ulong target)
    {
        target &= targetMask;
        if (!_names.TryGetValue(target, out var name))
        {
            name = symbolize?.Invoke(target) ?? Address(target);
            _names[target] = name;
        }
        return name;
    }

    /// <summary>The address text of a target no symbolizer names (a data address, a page).</summary>
    public string Address(ulong target) => $"0x{target & targetMask:x}";

    /// <summary>Rethrows what the symbolizer threw during the last decode, on the caller's thread.</summary>
    public void ThrowIfFailed()
    {
        var failure = _failure;
        _failure = null;
        failure?.Throw();
    }

    /// <summary>Frees every name handed to LLVM; only once the context that holds them is disposed.</summary>
    public void FreeNames()
    {
        foreach (var name in _nativeNames.Values)
        {
            Marshal.FreeCoTaskMem(name);
        }
        _nativeNames.Clear();
    }

    private byte* NativeName(ulong target)
    {
        if (!_nativeNames.TryGetValue(target, out var name))
        {
            name = Marshal.StringToCoTaskMemUTF8(Name(target));
            _nativeNames[target] = name;
        }
        return (byte*)name;
    }

    // Only branch targets are named: for an immediate or a PC-relative load the decoders then print the operand as they
    // would without a symbolizer, which is what llvm-objdump shows. No exception may cross the native frame.
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static byte* LookUp(IntPtr disInfo, ulong referenceValue, ulong* referenceType, ulong referencePc, byte** referenceName)
    {
        var isBranch = *referenceType == LlvmNative.ReferenceTypeInBranch;
        *referenceType = LlvmNative.ReferenceTypeInOutNone;
        *referenceName = null;
        if (!isBranch)
        {
            return null;
        }
        var lookup = (LlvmSymbolLookup)GCHandle.FromIntPtr(disInfo).Target!;
        try
        {
            return lookup.NativeName(referenceValue);
        }
        catch (Exception ex)
        {
            lookup._failure ??= ExceptionDispatchInfo.Capture(ex);
            return null;
        }
    }
}
