using Tpsim.Emulator.Isa;

namespace Tpsim.Cli.Running;

/// <summary>The outcomes of every matrix case of one ISA, in the order the matrix lists them.</summary>
public sealed record IsaOutcomes(IsaBackend Isa, IReadOnlyList<CaseOutcome> Cases, TimeSpan Elapsed);
