using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;

namespace Tpsim.Emulator.Toolchain;

/// <summary>
/// Owns one <c>LLVMDisasmContextRef</c> and the <c>DisInfo</c> its symbol look-ups reach: releasing it disposes the
/// context first, then frees the GCHandle and the names LLVM held, whichever path (Dispose or finalizer) releases it.
/// </summary>
internal sealed class LlvmDisasmHandle : SafeHandle
{
    private GCHandle _disInfo;

    private LlvmDisasmHandle(LlvmSymbolLookup lookup, GCHandle disInfo) : base(IntPtr.Zero, ownsHandle: true)
    {
        Lookup = lookup;
        _disInfo = disInfo;
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    /// <summary>The symbolizer state the context calls back into.</summary>
    public LlvmSymbolLookup Lookup { get; }

    /// <summary>A context for one triple, CPU and features, with hex immediates; false with the reason when LLVM makes none.</summary>
    public static unsafe bool TryCreate(string triple, string cpu, string features, LlvmSymbolLookup lookup,
        [NotNullWhen(true)] out LlvmDisasmHandle? context, [NotNullWhen(false)] out string? error)
    {
        context = null;
        error = null;
        var disInfo = GCHandle.Alloc(lookup);
        var raw = LlvmNative.LLVMCreateDisasmCPUFeatures(triple, cpu, features, GCHandle.ToIntPtr(disInfo), 0, IntPtr.Zero, LlvmSymbolLookup.Callback);
        if (raw == IntPtr.Zero)
        {
            disInfo.Free();
            error = $"LLVM has no disassembler for triple {triple}, CPU '{cpu}', features '{features}'";
            return false;
        }
        var h = new LlvmDisasmHandle(lookup, disInfo);
        h.SetHandle(raw);
        if (LlvmNative.LLVMSetDisasmOptions(h, LlvmNative.OptionPrintImmHex) != 1)
        {
            h.Dispose();
            error = $"LLVM's disassembler for {triple} does not take the hex-immediate option";
            return false;
        }
        context = h;
        return true;
    }

    protected override bool ReleaseHandle()
    {
        LlvmNative.LLVMDisasmDispose(handle);
        Lookup.FreeNames();
        if (_disInfo.IsAllocated)
        {
            _disInfo.Free();
        }
        return true;
    }
}
