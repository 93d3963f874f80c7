using System.Runtime.InteropServices;

namespace Tpsim.Emulator.Toolchain;

/// <summary>
/// The disassembler of libLLVM-19's C API (<c>llvm-c/Disassembler.h</c>) and the initializers of the targets it needs.
/// The headers' <c>LLVMInitializeAll*</c> helpers are static inline, not exported, so each target's three are bound here.
/// </summary>
internal static unsafe partial class LlvmNative
{
    /// <summary>The soname Debian's libllvm19 installs (llvm-19 depends on it; libLLVM-19.so is only a symlink to it).</summary>
    public const string Soname = "libLLVM.so.19.1";

    /// <summary><c>LLVMDisassembler_Option_PrintImmHex</c>: immediates in hex, as llvm-objdump prints them by default.</summary>
    public const ulong OptionPrintImmHex = 2;

    /// <summary><c>LLVMDisassembler_ReferenceType_InOut_None</c>: the symbolizer's answer carries no further reference.</summary>
    public const ulong ReferenceTypeInOutNone = 0;

    /// <summary><c>LLVMDisassembler_ReferenceType_In_Branch</c>: the value looked up is a branch or call target.</summary>
    public const ulong ReferenceTypeInBranch = 1;

    private static readonly Lock s_initializing = new();
    private static readonly HashSet<string> s_initialized = [];

    /// <summary>Null when the library loads, else why not and how to install it.</summary>
    public static string? LoadError(string soname)
    {
        if (NativeLibrary.TryLoad(soname, typeof(LlvmNative).Assembly, null, out var handle))
        {
            NativeLibrary.Free(handle);
            return null;
        }
        return $"{soname} was not found. Install LLVM 19's shared library with: apt-get install -y libllvm19 (llvm-19 depends on it)";
    }

    /// <summary>Registers one target's info, machine code layer and disassembler once per process; false for a target not bound here.</summary>
    public static bool TryInitialize(string target)
    {
        lock (s_initializing)
        {
            if (s_initialized.Contains(target))
            {
                return true;
            }
            switch (target)
            {
                case "X86":
                    LLVMInitializeX86TargetInfo();
                    LLVMInitializeX86TargetMC();
                    LLVMInitializeX86Disassembler();
                    break;
                case "AArch64":
                    LLVMInitializeAArch64TargetInfo();
                    LLVMInitializeAArch64TargetMC();
                    LLVMInitializeAArch64Disassembler();
                    break;
                case "RISCV":
                    LLVMInitializeRISCVTargetInfo();
                    LLVMInitializeRISCVTargetMC();
                    LLVMInitializeRISCVDisassembler();
                    break;
                case "ARM":
                    LLVMInitializeARMTargetInfo();
                    LLVMInitializeARMTargetMC();
                    LLVMInitializeARMDisassembler();
                    break;
                case "SystemZ":
                    LLVMInitializeSystemZTargetInfo();
                    LLVMInitializeSystemZTargetMC();
                    LLVMInitializeSystemZDisassembler();
                    break;
                case "Mips":
                    LLVMInitializeMipsTargetInfo();
                    LLVMInitializeMipsTargetMC();
                    LLVMInitializeMipsDisassembler();
                    break;
                case "PowerPC":
                    LLVMInitializePowerPCTargetInfo();
                    LLVMInitializePowerPCTargetMC();
                    LLVMInitializePowerPCDisassembler();
                    break;
                default:
                    return false;
            }
            s_initialized.Add(target);
            return true;
        }
    }

    /// <summary>
    /// <c>LLVMCreateDisasmCPUFeatures(triple, cpu, features, DisInfo, TagType, GetOpInfo, SymbolLookUp)</c>: null when
    /// the triple's target is not registered or the CPU and features make no subtarget.
    /// </summary>
    [LibraryImport(Soname, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial IntPtr LLVMCreateDisasmCPUFeatures(
        string triple,
        string cpu,
        string features,
        IntPtr disInfo,
        int tagType,
        IntPtr getOpInfo,
        delegate* unmanaged[Cdecl]<IntPtr, ulong, ulong*, ulong, byte**, byte*> symbolLookUp);

    /// <summary>Returns 1 when every option given was applied.</summary>
    [LibraryImport(Soname)]
    internal static partial int LLVMSetDisasmOptions(LlvmDisasmHandle context, ulong options);

    [LibraryImport(Soname)]
    internal static partial void LLVMDisasmDispose(IntPtr context);

    /// <summary>Decodes one instruction into <paramref name="text"/> (NUL-terminated); returns its size, 0 when the bytes do not decode.</summary>
    [LibraryImport(Soname)]
    internal static partial nuint LLVMDisasmInstruction(LlvmDisasmHandle context, byte* bytes, ulong size, ulong pc, byte* text, nuint textSize);

    [LibraryImport(Soname)]
    private static partial void LLVMInitializeX86TargetInfo();

    [LibraryImport(Soname)]
    private static partial void LLVMInitializeX86TargetMC();

    [LibraryImport(Soname)]
    private static partial void LLVMInitializeX86Disassembler();

    [LibraryImport(Soname)]
    private static partial void LLVMInitializeAArch64TargetInfo();

    [LibraryImport(Soname)]
    private static partial void LLVMInitializeAArch64TargetMC();

    [LibraryImport(Soname)]
    private static partial void LLVMInitializeAArch64Disassembler();

    [LibraryImport(Soname)]
    private static partial void LLVMInitializeRISCVTargetInfo();

    [LibraryImport(Soname)]
    private static partial void LLVMInitializeRISCVTargetMC();

    [LibraryImport(Soname)]
    private static partial void LLVMInitializeRISCVDisassembler();

    [LibraryImport(Soname)]
    private static partial void LLVMInitializeARMTargetInfo();

    [LibraryImport(Soname)]
    private static partial void LLVMInitializeARMTargetMC();

    [LibraryImport(Soname)]
    private static partial void LLVMInitializeARMDisassembler();

    [LibraryImport(Soname)]
    private static partial void LLVMInitializeSystemZTargetInfo();

    [LibraryImport(Soname)]
    private static partial void LLVMInitializeSystemZTargetMC();

    [LibraryImport(Soname)]
    private static partial void LLVMInitializeSystemZDisassembler();

    [LibraryImport(Soname)]
    private static partial void LLVMInitializeMipsTargetInfo();

    [LibraryImport(Soname)]
    private static partial void LLVMInitializeMipsTargetMC();

    [LibraryImport(Soname)]
    private static partial void LLVMInitializeMipsDisassembler();

    [LibraryImport(Soname)]
    private static partial void LLVMInitializePowerPCTargetInfo();

    [LibraryImport(Soname)]
    private static partial void LLVMInitializePowerPCTargetMC();

    [LibraryImport(Soname)]
    private static partial void LLVMInitializePowerPCDisassembler();
}
