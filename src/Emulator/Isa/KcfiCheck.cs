namespace Tpsim.Emulator.Isa;

/// <summary>A failed Clang kCFI check, decoded at its trap.</summary>
/// <param name="ExpectedType">The type hash the call site checks for, as encoded in its check sequence.</param>
/// <param name="TargetType">The 32-bit word the check read in front of the target (the callee's type hash, if it has one).</param>
/// <param name="TargetAddress">The address the call site was about to call.</param>
public sealed record KcfiCheck(uint ExpectedType, uint TargetType, ulong TargetAddress);
