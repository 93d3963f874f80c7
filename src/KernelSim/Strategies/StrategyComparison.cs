using Tpsim.Emulator.Running;
using Tpsim.Emulator.Checking;
using Tpsim.Emulator.Isa;
using Tpsim.Emulator.Toolchain;
using Tpsim.KernelSim.Kernel;
using Tpsim.KernelSim.Scenarios;
using Tpsim.KernelSim.Scenarios.Running;
using Tpsim.KernelSim.Strategies;

namespace Tpsim.KernelSim.Strategies;

/// <summary>One strategy on one ISA, as <c>tpsim strategies</c> shows it; every figure comes from a run.</summary>
/// <param name="SeedVerdicts">The verdict of each fire of the seed scenario, in order.</param>
/// <param name="SeedPassed">Whether every expectation of the seed held.</param>
/// <param name="UnregisterFailed">Whether an unregister in the seed returned an error.</param>
/// <param name="InstructionsPerFire">Emulated instructions of one fire with three probes (three-probes built-in).</param>
public sealed record StrategyCell(string Arch, IReadOnlyList<Verdict> SeedVerdicts, bool SeedPassed, bool UnregisterFailed, long InstructionsPerFire)
{
    /// <summary>The seed's fire verdicts with everything built by clang with -fsanitize=kcfi.</summary>
    public IReadOnlyList<Verdict> KcfiVerdicts { get; init; } = [];

    /// <summary>The trap kinds of the kcfi seed's fires that trapped (kcfi when the type check fired).</summary>
    public IReadOnlyList<string> KcfiTrapKinds { get; init; } = [];

    public bool KcfiPassed { get; init; } = true;

    /// <summary>Whether the ISA's kernel supports kCFI at all (ARCH_SUPPORTS_CFI_CLANG).</summary>
    public bool KcfiApplies { get; init; }

    /// <summary>Every unregister of the built-in scenarios that returned an error other than -ENOENT (no array): "seed:20 -ENOMEM".</summary>
    public IReadOnlyList<string> UnregisterErrors { get; init; } = [];

    /// <summary>Every sleeping service an unregister of the built-in scenarios reached: "stub-pruning:37 cond_synchronize_rcu".</summary>
    public IReadOnlyList<string> RemovalSleeps { get; init; } = [];
}

/// <summary>A row of the strategies table.</summary>
public sealed record StrategyRow(RemovalStrategy Strategy, IReadOnlyList<StrategyCell> Cells)
{
    /// <summary>An unregister returned an error in the seed on some ISA.</summary>
    public bool UnregisterFailedInSeed => Cells.Any(c => c.UnregisterFailed);

    /// <summary>An unregister of a registered probe returned an error in some built-in scenario on some ISA: observed, not declared.</summary>
    public bool UnregisterCanFail => Cells.Any(c => c.UnregisterErrors.Count > 0);

    /// <summary>An unregister reached a service that may sleep in some built-in scenario on some ISA.</summary>
    public bool RemovalMaySleep => Cells.Any(c => c.RemovalSleeps.Count > 0);

    /// <summary>The first observation behind <see cref="UnregisterCanFail"/>, as "arch: scenario:line -ENOMEM".</summary>
    public string? UnregisterFailure => Cells.Where(c => c.UnregisterErrors.Count > 0).Select(c => $"{c.Arch}: {c.UnregisterErrors[0]}").FirstOrDefault();

    /// <summary>The first observation behind <see cref="RemovalMaySleep"/>, as "arch: scenario:line service".</summary>
    public string? RemovalSleep => Cells.Where(c => c.RemovalSleeps.Count > 0).Select(c => $"{c.Arch}: {c.RemovalSleeps[0]}").FirstOrDefault();
}

/// <summary>Runs the seed and three-probes built-ins for every strategy on every ISA (one thread per ISA).</summary>
public static class StrategyComparison
{
    public static IReadOnlyList<StrategyRow> Execute(IReadOnlyList<IsaBackend> isas)
    {
        var seed = BuiltinScenarios.Load("seed", Strategies.Names);
        var bench = BuiltinScenarios.Load("three-probes", Strategies.Names);
        var others = OtherBuiltins(Strategies.Names);
        var cells = PerIsa.Run(isas, (isa, abort) =>
        {
            // The table reports instructions per fire, so these machines count every instruction.
            var runner = new ScenarioRunner(new Compiler()) { CountInstructions = true };
            return Strategies.All.Select(s =>
            {
                abort.ThrowIfCancellationRequested();
                var cell = Cell(isa.Name, runner.Run(seed, isa, s), runner.Run(bench, isa, s), others.Select(o => (o.Name, runner.Run(o.Scenario, isa, s))));
                var kcfiBuild = new BuildSpec(CompilerKind.Clang, BuildConfigs.Kcfi);
                if (isa.Toolchain.FlagsFor(kcfiBuild, out _) is null)
                {
                    return cell; // The kernel has no kCFI on this ISA (i386, s390x): the column says n/a.
                }
                return WithKcfi(cell, runner.Run(seed, isa, s, kcfiBuild));
            }).ToList();
        });
        return [.. Strategies.All.Select((s, i) => new StrategyRow(s, [.. cells.Select(c => c[i])]))];
    }

    /// <summary>The cell with the seed's kcfi run added.</summary>
    public static StrategyCell WithKcfi(StrategyCell cell, ScenarioRun kcfi) => cell with
    {
        KcfiApplies = true,
        KcfiVerdicts = Fires(kcfi).Select(f => f.Run!.Verdict).ToList(),
        KcfiTrapKinds = Fires(kcfi).Select(f => f.Run!.Trap?.Kind.ToName()).OfType<string>().ToList(),
        KcfiPassed = kcfi.Passed,
    };

    /// <summary>The fires of a run that ran (not skipped by <c>when</c>).</summary>
    public static IEnumerable<StepResult> Fires(ScenarioRun run) => run.Steps.Where(s => s.Status != StepStatus.Skipped && s.Calls is not null);

    /// <summary>
    /// A cell from the seed's run, the three-probes run (counting instructions) and the other built-ins' runs of one
    /// strategy on one ISA; the table's "can fail" and "may sleep" come from every one of their unregisters.
    /// </summary>
    public static StrategyCell Cell(string arch, ScenarioRun seed, ScenarioRun bench, IEnumerable<(string Name, ScenarioRun Run)> others)
    {
        var ran = seed.Steps.Where(s => s.Status != StepStatus.Skipped).ToList();
        var fires = ran.Where(s => s.Calls is not null).Select(s => s.Run!.Verdict).ToList();
        var unregisterFailed = ran.Any(s => IsUnregister(s) && s.Return is not (null or 0));
        var fire = bench.Steps.Last(s => s.Calls is not null).Run!;
        var removals = new[] { ("seed", seed), ("three-probes", bench) }.Concat(others)
            .SelectMany(r => r.Item2.Steps.Where(s => s.Status != StepStatus.Skipped && IsUnregister(s)).Select(s => (Scenario: r.Item1, Step: s)))
            .ToList();
        return new StrategyCell(arch, fires, seed.Passed, unregisterFailed, fire.Instructions ?? 0)
        {
            // -ENOENT is the absent array, which every strategy reports; the question is whether a registered probe can stay.
            UnregisterErrors = [.. removals.Where(r => r.Step.Return is long v && v != 0 && v != -Errno.ENOENT).Select(r => $"{r.Scenario}:{r.Step.Line} {Errno.Name(r.Step.Return!.Value)}")],
            RemovalSleeps = [.. removals.SelectMany(r => r.Step.Sleeps.Distinct().Select(z => $"{r.Scenario}:{r.Step.Line} {z}"))],
        };
    }

    /// <summary>The built-ins besides seed and three-probes, whose unregisters the table's first two columns also count.</summary>
    public static IReadOnlyList<(string Name, Scenario Scenario)> OtherBuiltins(IReadOnlyList<string> strategies) =>
        [.. BuiltinScenarios.Names.Where(n => n is not ("seed" or "three-probes")).Select(n => (n, BuiltinScenarios.Load(n, strategies)))];

    private static bool IsUnregister(StepResult s) => s.Command.StartsWith("unregister ", StringComparison.Ordinal);
}
