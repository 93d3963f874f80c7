namespace Tpsim.Emulator.Isa;

/// <summary>
/// How the LLVM toolchain builds code for one ISA, modelled on the kernel's own flags: a target
/// triple plus the flags for C and for hand-written assembly.
/// </summary>
public sealed record ToolchainSettings(string Triple, IReadOnlyList<string> CFlags, IReadOnlyList<string> AsmFlags)
{
    /// <summary>Flags every kernel object gets on every ISA: freestanding, non-PIC, no stdlib headers, no unwind tables, no stack protector.</summary>
    public static readonly IReadOnlyList<string> KernelCommon =
        ["-ffreestanding", "-fno-pic", "-nostdinc", "-fno-asynchronous-unwind-tables", "-fno-stack-protector"];
}
