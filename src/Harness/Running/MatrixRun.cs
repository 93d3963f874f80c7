using Tpsim.Emulator.Running;
using System.Diagnostics;
using Tpsim.Emulator.Isa;
using Tpsim.Emulator.Toolchain;
using Tpsim.Harness.Cases;

namespace Tpsim.Harness.Running;

/// <summary>Runs the matrix: one thread, one compiler and one <see cref="CaseRunner"/> per ISA.</summary>
public static class MatrixRun
{
    /// <param name="compiler">The compiler every ISA's thread uses; a new one on the default cache when null.</param>
    /// <param name="cases">The cases of one ISA and build; <see cref="StubMatrix.Build"/> when null.</param>
    /// <param name="shard">The share of the cases to run (<see cref="Shard"/>); the whole matrix when null.</param>
    public static IReadOnlyList<IsaOutcomes> Execute(
        IReadOnlyList<IsaBackend> isas, IReadOnlyList<BuildSpec>? builds = null, Compiler? compiler = null, Func<IsaBackend, BuildSpec, IReadOnlyList<StubCase>>? cases = null,
        Shard? shard = null, Action? caseDone = null) =>
        Execute(ShardPlan.Of(isas, builds ?? [BuildSpec.Default], cases ?? StubMatrix.Build, shard ?? Shard.Whole), compiler, caseDone);

    /// <summary>Runs a plan made beforehand (the CLI checks that its shard takes a case at all).</summary>
    /// <param name="caseDone">Called after each case, from any worker thread (a progress display counts them).</param>
    public static IReadOnlyList<IsaOutcomes> Execute(ShardPlan plan, Compiler? compiler = null, Action? caseDone = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        compiler ??= new Compiler();
        var isas = plan.Isas.Select(i => i.Isa).ToList();
        return PerIsa.Run(isas, (isa, abort) => RunIsa(plan.For(isa), compiler, isas.Count, caseDone, abort));
    }

    private static IsaOutcomes RunIsa(ShardPlan.IsaShare share, Compiler compiler, int isaCount, Action? caseDone, CancellationToken abort)
    {
        var total = Stopwatch.StartNew();
        var isa = share.Isa;
        var outcomes = new List<CaseOutcome>();
        foreach (var (build, cases, all) in share.Builds)
        {
            // One runner per build and worker: its probes and sites are compiled with that build's flags. A matrix of
            // fewer ISAs than cores shares the cores between an ISA's cases. Every runner loads the build's stubs in the
            // matrix's order first, so that a stub's address, which evidence shows, does not depend on the worker or shard.
            var stubs = all.Select(c => c.Stub).ToList();
            outcomes.AddRange(OrderedWorkers.Map(cases, OrderedWorkers.PerIsa(isaCount, cases.Count), () => Runner(isa, compiler, build, stubs), (runner, positioned) =>
            {
                var (stubCase, position) = positioned;
                var watch = Stopwatch.StartNew();
                try
                {
                    var outcome = new CaseOutcome(stubCase, runner.Run(stubCase), watch.Elapsed) { Commands = runner.Commands(stubCase), Position = position };
                    caseDone?.Invoke();
                    return outcome;
                }
                catch (Exception ex)
                {
                    throw new CaseFailedException(stubCase.Name, ex);
                }
            }, abort));
        }
        return new IsaOutcomes(isa, outcomes, total.Elapsed) { Skipped = share.Skipped, Planned = share.Planned };
    }

    private static CaseRunner Runner(IsaBackend isa, Compiler compiler, BuildSpec build, IReadOnlyList<StubSource> stubs)
    {
        var runner = new CaseRunner(isa, compiler, build);
        try
        {
            runner.Preload(stubs);
            return runner;
        }
        catch
        {
            runner.Dispose();
            throw;
        }
    }
}
