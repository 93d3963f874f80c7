using Tpsim.Emulator.Running;
using Tpsim.Emulator.Checking;
using Tpsim.Emulator.Isa;
using Tpsim.Emulator.Toolchain;
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
}

/// <summary>A row of the strategies table.</summary>
public sealed record StrategyRow(RemovalStrategy Strategy, IReadOnlyList<StrategyCell> Cells)
{
    /// <summary>An unregister returned an error in the seed on some ISA.</summary>
    public bool UnregisterFailedInSeed => Cells.Any(c => c.UnregisterFailed);

    /// <summary>Observed in the seed, or a failure path the strategy has outside it (double-array in atomic context).</summary>
    public bool UnregisterCanFail => UnregisterFailedInSeed || Strategy.UnregisterCanFail;
}

/// <summary>Runs the seed and three-probes built-ins for every strategy on every ISA (one thread per ISA).</summary>
public static class StrategyComparison
{
    public static IReadOnlyList<StrategyRow> Execute(IReadOnlyList<IsaBackend> isas)
    {
        var seed = BuiltinScenarios.Load("seed", Strategies.Names);
        var bench = BuiltinScenarios.Load("three-probes", Strategies.Names);
        var cells = PerIsa.Run(isas, (isa, abort) =>
        {
            // The table reports instructions per fire, so these machines count every instruction.
            var runner = new ScenarioRunner(new Compiler()) { CountInstructions = true };
            return Strategies.All.Select(s =>
            {
                abort.ThrowIfCancellationRequested();
                var cell = Cell(isa.Name, runner.Run(seed, isa, s), runner.Run(bench, isa, s));
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

    /// <summary>A cell from the seed's run and the three-probes run (counting instructions) of one strategy on one ISA.</summary>
    public static StrategyCell Cell(string arch, ScenarioRun seed, ScenarioRun bench)
    {
        var ran = seed.Steps.Where(s => s.Status != StepStatus.Skipped).ToList();
        var fires = ran.Where(s => s.Calls is not null).Select(s => s.Run!.Verdict).ToList();
        var unregisterFailed = ran.Any(s => s.Command.StartsWith("unregister ", StringComparison.Ordinal) && s.Return is not (null or 0));
        var fire = bench.Steps.Last(s => s.Calls is not null).Run!;
        return new StrategyCell(arch, fires, seed.Passed, unregisterFailed, fire.Instructions ?? 0);
    }
}
