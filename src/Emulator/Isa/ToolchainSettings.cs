namespace Tpsim.Emulator.Isa;

/// <summary>
/// How the LLVM toolchain builds code for one ISA, modelled on the kernel's own flags: a target
/// triple plus the flags for C and for hand-written assembly.
/// </summary>
public sealed record ToolchainSettings(string Triple, IReadOnlyList<string> CFlags, IReadOnlyList<string> AsmFlags);
