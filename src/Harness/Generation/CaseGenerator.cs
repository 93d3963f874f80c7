using CsCheck;
using Tpsim.Emulator.Isa;

namespace Tpsim.Harness.Generation;

/// <summary>
/// Generated stub cases for one ISA, as a CsCheck generator: prototypes of 0..16 arguments (narrow and wide,
/// signed and unsigned, pointers, 64-bit integers that are register pairs on the 32-bit ISAs), arrays of
/// 1..6 probes and stubs, and stub bodies that are mostly legal, so that the illegal behaviours are found
/// where they hide among legal ones. A step that would store into an incoming area the callee does not own
/// is not generated (<see cref="GeneratedCase.OwnsIncomingArea"/>): writing the caller's frame has its own step.
/// </summary>
public static class CaseGenerator
{
    private static readonly Gen<StepKind> Kinds = Gen.Frequency(
        (4, StepKind.Scratch), (3, StepKind.SaveRestore), (2, StepKind.OwnArgument), (1, StepKind.Clobber), (1, StepKind.CallerFrame));

    private static readonly Gen<Ending> Endings = Gen.Frequency(
        (8, Ending.Return), (1, Ending.MoveStackPointer), (1, Ending.Loop), (1, Ending.Trap));

    private static readonly Gen<Step> Steps =
        from kind in Kinds
        from register in Gen.Int[0, 31]
        from imm in Gen.Int[1, 0x7fff]
        select new Step(kind, register, imm);

    public static Gen<GeneratedCase> For(IsaBackend isa)
    {
        ArgumentNullException.ThrowIfNull(isa);
        return
            from types in Gen.OneOf([.. ArgType.All]).Array[0, GeneratedPrototype.MaxArgs]
            from entries in Gen.Bool.Array[1, GeneratedCase.MaxEntries]
            from steps in Steps.Array[0, StubBody.MaxSteps]
            from ending in Endings
            select Legal(isa, new GeneratedCase(
                new GeneratedPrototype(types),
                new string([.. entries.Select(stub => stub ? 'S' : 'P')]),
                new StubBody(steps, ending)));
    }

    /// <summary>Turns a store into an incoming area the callee does not own into a scratch-register write.</summary>
    private static GeneratedCase Legal(IsaBackend isa, GeneratedCase c) =>
        c.OwnsIncomingArea(isa) || c.Body.Steps.All(s => s.Kind != StepKind.OwnArgument)
            ? c
            : c with { Body = c.Body with { Steps = [.. c.Body.Steps.Select(s => s.Kind == StepKind.OwnArgument ? s with { Kind = StepKind.Scratch } : s)] } };

    /// <summary><paramref name="count"/> cases drawn deterministically from <paramref name="seed"/> (the CLI's --seed).</summary>
    public static IReadOnlyList<GeneratedCase> Draw(IsaBackend isa, ulong seed, int count)
    {
        var gen = For(isa);
        var pcg = new PCG(0x7470736d, seed);
        var list = new List<GeneratedCase>(count);
        for (var i = 0; i < count; i++)
        {
            list.Add(gen.Generate(pcg, null, out _));
        }
        return list;
    }
}
