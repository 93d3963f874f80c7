using Tpsim.Emulator.Checking;

namespace Tpsim.KernelSim.Machine;

/// <summary>What a fire did: how it ended and which array entries the iterator called, in order.</summary>
/// <param name="Calls">Callees entered from the iterator, named as in <c>expect array</c> (MODULE.PROBE or stub).</param>
public sealed record FireOutcome(RunOutcome Run, IReadOnlyList<string> Calls);
