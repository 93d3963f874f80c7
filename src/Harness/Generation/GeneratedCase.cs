using Tpsim.Emulator.Sources;
using Tpsim.Emulator.Checking;
using Tpsim.Emulator.Isa;
using Tpsim.Emulator.Toolchain;
using Tpsim.Harness.Cases;

namespace Tpsim.Harness.Generation;

/// <summary>
/// A generated stub case: a prototype, an array of probes (P) and stubs (S), and a stub body. Its spec,
/// <c>proto=i,uc,u64;array=PSP;body=save:1:7,ret</c>, is what <c>tpsim check --generated</c> takes back, and
/// <see cref="Predict"/> is the verdict the generator's own rules give it, independent of both executors.
/// </summary>
public sealed record GeneratedCase(GeneratedPrototype Prototype, string Array, StubBody Body)
{
    public const int MaxEntries = 6;

    public string Spec => $"proto={(Prototype.Count == 0 ? "-" : Prototype.Spec)};array={Array};body={Body.Spec}";

    public override string ToString() => Spec;

    /// <summary>True when the callee owns an incoming area it may store into: stack arguments, or an area the ABI always reserves.</summary>
    public bool OwnsIncomingArea(IsaBackend isa) => isa.Grammar.OwnsIncomingAreaAlways || Prototype.StackBytes(isa) > 0;

    /// <summary>
    /// The verdict by the generator's rules: the first stub decides. Under kcfi the site's check rejects the
    /// untyped stub (trap); otherwise a loop or trap ending decides first, because it happens before the return;
    /// at the return the checks run in the order both executors use (stack pointer, callee-saved, caller frame).
    /// </summary>
    public (Verdict Verdict, ViolationKind? Violation, int? Call) Predict(IsaBackend isa, BuildSpec build)
    {
        ArgumentNullException.ThrowIfNull(isa);
        ArgumentNullException.ThrowIfNull(build);
        var stub = Array.IndexOf('S');
        if (stub < 0)
        {
            return (Verdict.Balanced, null, null);
        }
        if (build.Config == BuildConfigs.Kcfi)
        {
            return (Verdict.Trap, null, stub);
        }
        switch (Body.Ending)
        {
            case Ending.Loop:
                return (Verdict.Timeout, null, stub);
            case Ending.Trap:
                return (Verdict.Trap, null, stub);
            case Ending.MoveStackPointer:
                return (Verdict.Unbalanced, ViolationKind.StackPointer, stub);
        }
        if (Body.Steps.Any(s => s.Kind == StepKind.Clobber))
        {
            return (Verdict.Unbalanced, ViolationKind.CalleeSaved, stub);
        }
        if (Body.Steps.Any(s => s.Kind == StepKind.CallerFrame || (s.Kind == StepKind.OwnArgument && !OwnsIncomingArea(isa))))
        {
            return (Verdict.Unbalanced, ViolationKind.CallerFrame, stub);
        }
        return (Verdict.Balanced, null, null);
    }

    /// <summary>Null when the case can run on <paramref name="build"/>; otherwise why not.</summary>
    public static string? NotApplicable(BuildSpec build) =>
        build.Config == BuildConfigs.Stdcall
            ? "generated cases assume the caller pops its stack arguments; stdcall (-mrtd) makes the callee pop them"
            : null;

    /// <summary>The case as tpsim and the oracle run it, with the predicted verdict as its expectation.</summary>
    public StubCase ToStubCase(IsaBackend isa, BuildSpec build)
    {
        ArgumentNullException.ThrowIfNull(isa);
        ArgumentNullException.ThrowIfNull(build);
        if (NotApplicable(build) is { } why)
        {
            throw new CaseInputException(why);
        }
        GrammarRules.Check(isa);
        var word = isa.Abi.PointerSize;
        var (verdict, violation, call) = Predict(isa, build);
        var shape = new ArrayShape(Array, [.. Array.Select(ch => ch == 'S' ? ArrayEntry.Stub : ArrayEntry.Probe)]);
        var stub = new StubSource($"generated:{Body.Spec}", "generated-stub.S", Body.Source(isa.Grammar), SourceLanguage.Asm);
        var site = new GeneratedSite(
            Spec,
            $"{GuestSources.Header}\n#line 1 \"{GeneratedSite.SiteFile}\"\n{Prototype.SiteSource(word)}",
            $"{GuestSources.Header}\n#line 1 \"{GeneratedSite.ProbeFile}\"\n{Prototype.ProbeSource()}",
            Prototype.RecordedWords(word), Prototype.StackBytes(isa));
        var prefix = build.IsDefault ? isa.Name : $"{isa.Name}/{build.Name}";
        return new StubCase($"{prefix}/generated/{Spec}", isa, Prototype.Count, shape, SiteKind.C, stub, verdict, violation)
        {
            Build = build,
            Generated = site,
            ExpectedCall = call,
            ExpectedTrapKind = verdict == Verdict.Trap && build.Config == BuildConfigs.Kcfi ? TrapKind.Kcfi : null,
        };
    }

    public static bool TryParse(string spec, out GeneratedCase? generated, out string? error)
    {
        generated = null;
        error = null;
        string? proto = null, array = null, body = null;
        foreach (var part in spec.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            var (key, value) = eq < 0 ? (part, "") : (part[..eq], part[(eq + 1)..]);
            switch (key)
            {
                case "proto": proto = value; break;
                case "array": array = value; break;
                case "body": body = value; break;
                default:
                    error = $"unknown part '{key}' (proto=, array=, body=)";
                    return false;
            }
        }
        if (proto is null || array is null || body is null)
        {
            error = "a generated case needs proto=TYPES;array=ENTRIES;body=STEPS,END";
            return false;
        }
        if (!GeneratedPrototype.TryParse(proto, out var prototype, out error))
        {
            return false;
        }
        if (array.Length is 0 or > MaxEntries || array.Any(c => c is not ('P' or 'S')))
        {
            error = $"array '{array}' must be 1..{MaxEntries} letters P (probe) or S (stub)";
            return false;
        }
        if (!StubBody.TryParse(body, out var stubBody, out error))
        {
            return false;
        }
        if (stubBody.Steps.Count > StubBody.MaxSteps)
        {
            error = $"{stubBody.Steps.Count} steps; at most {StubBody.MaxSteps}";
            return false;
        }
        generated = new GeneratedCase(prototype, array, stubBody);
        return true;
    }
}
