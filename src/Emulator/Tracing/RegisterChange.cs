namespace Tpsim.Emulator.Tracing;

/// <summary>A register an instruction changed, by the ISA's register-map name.</summary>
public sealed record RegisterChange(string Name, ulong Old, ulong New);
