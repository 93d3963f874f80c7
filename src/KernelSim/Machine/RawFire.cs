using Tpsim.Emulator.Unicorn;

namespace Tpsim.KernelSim.Machine;

/// <summary>
/// A fire as a bare engine run, for the benchmark's C loop (<see cref="KernelMachine.DetachForRawFire"/>): restore
/// <see cref="Context"/>, zero the <see cref="ResetSize"/> bytes at <see cref="ResetAddress"/> (the probe log's length,
/// as every fire does, so each run records its probe calls again), run from <see cref="Begin"/> to <see cref="Until"/>.
/// </summary>
public sealed record RawFire(Engine Engine, ulong Begin, ulong Until, EngineContext Context, ulong ResetAddress, int ResetSize);
