using Tpsim.Emulator.Running;
using System.Diagnostics;
using Tpsim.Emulator.Checking;
using Tpsim.Emulator.Isa;
using Tpsim.Emulator.Toolchain;
using Tpsim.Harness.CrossCheck;
using Tpsim.Harness.Generation;
using Tpsim.Harness.Cases;

namespace Tpsim.Harness.Running;

/// <summary>One case run both ways.</summary>
/// <param name="Limit">Why the oracle cannot reproduce this case, when it cannot (not counted either way).</param>
/// <param name="Disagreement">What differs, or null.</param>
/// <param name="Reproduce">For a generated disagreement: the shrunk case as a <c>tpsim check</c> command.</param>
public sealed record CrossCheckCase(StubCase Case, string Tpsim, string Oracle, string? Limit, string? Disagreement, string? Reproduce)
{
    /// <summary>The case's place in the unsharded run's list; see <see cref="Shard"/>.</summary>
    public int Position { get; init; }

    /// <summary>tpsim's verdict, when tpsim ran the case (the HTML report explains the ones that are not balanced).</summary>
    public Verdict? TpsimVerdict { get; init; }
}

/// <summary>What one ISA's cross-check produced.</summary>
public sealed record CrossCheckIsa(IsaBackend Isa, IReadOnlyList<CrossCheckCase> Cases, IReadOnlyList<SkippedBuild> Skipped, int HostErrors, TimeSpan Elapsed)
{
    /// <summary>How many cases the ISA has in the unsharded run; more than <see cref="Cases"/> in a shard.</summary>
    public int Planned { get; init; } = Cases.Count;

    public int Agree => Cases.Count(c => c.Limit is null && c.Disagreement is null);

    public int Disagree => Cases.Count(c => c.Disagreement is not null);

    public int Excluded => Cases.Count(c => c.Limit is not null && c.Disagreement is null);
}

/// <summary>The options of a cross-check run.</summary>
/// <param name="Generated">Generated cases per ISA and build, drawn from <paramref name="Seed"/>.</param>
/// <param name="Matrix">Whether the matrix's own cases run too (a soak round runs generated cases only).</param>
public sealed record CrossCheckPlan(IReadOnlyList<IsaBackend> Isas, IReadOnlyList<BuildSpec> Builds, int Generated, ulong Seed, bool Matrix = true)
{
    public TimeSpan OracleTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The share of the cases to run; the generated ones are drawn in full first, so shards add up to the whole run.</summary>
    public Shard Shard { get; init; } = Shard.Whole;

    /// <summary>Called after each case, from any worker thread (a progress display counts them).</summary>
    public Action? CaseDone { get; init; }
}

/// <summary>
/// Runs each case in tpsim and on the ISA's independent executor and compares them (<see cref="Agreement"/>): one
/// thread, one compiler, one <see cref="OracleExecutor"/> and a <see cref="CaseRunner"/> per build for each ISA.
/// A disagreeing generated case is shrunk while it keeps disagreeing. An exception on either side is a host
/// error: the case is reported as a disagreement naming the error, and the run goes on.
/// </summary>
public static class CrossCheckRun
{
    /// <summary>Generated disagreements per ISA that are shrunk; the rest are reported as drawn.</summary>
    public const int MaxShrunk = 3;

    public static IReadOnlyList<CrossCheckIsa> Execute(CrossCheckPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var cases = Cases(plan);
        return PerIsa.Run(plan.Isas, (isa, abort) => RunIsa(cases.For(isa), plan, abort));
    }

    /// <summary>Every case of the plan, per ISA and build in run order (the matrix's, then the generated), and the shard's share.</summary>
    public static ShardPlan Cases(CrossCheckPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var entries = new List<ShardPlan.Entry>();
        var skipped = new List<SkippedBuild>();
        foreach (var isa in plan.Isas)
        {
            foreach (var build in plan.Builds)
            {
                if (!build.IsDefault && isa.Toolchain.FlagsFor(build, out var reason) is null)
                {
                    skipped.Add(new SkippedBuild(isa.Name, build, reason!));
                    continue;
                }
                var cases = new List<StubCase>();
                if (plan.Matrix)
                {
                    cases.AddRange(StubMatrix.Build(isa, build));
                }
                if (plan.Generated > 0)
                {
                    if (GeneratedCase.NotApplicable(build) is { } why)
                    {
                        skipped.Add(new SkippedBuild(isa.Name, build, $"generated cases: {why}"));
                    }
                    else
                    {
                        cases.AddRange(CaseGenerator.Draw(isa, plan.Seed, plan.Generated).Select(g => g.ToStubCase(isa, build)));
                    }
                }
                entries.Add(new ShardPlan.Entry(isa, build, cases));
            }
        }
        return ShardPlan.Of(plan.Isas, entries, skipped, plan.Shard);
    }

    private static CrossCheckIsa RunIsa(ShardPlan.IsaShare share, CrossCheckPlan plan, CancellationToken abort)
    {
        var total = Stopwatch.StartNew();
        var isa = share.Isa;
        var compiler = new Compiler();
        var results = new List<CrossCheckCase>();
        var errors = 0;
        using var oracle = new OracleExecutor(isa, compiler, plan.OracleTimeout);
        var shrunk = 0;
        foreach (var (build, cases, _) in share.Builds)
        {
            // A per-architecture CI job checks one ISA; its cases then share the cores.
            results.AddRange(OrderedWorkers.Map(cases, OrderedWorkers.PerIsa(plan.Isas.Count, cases.Count), () => new RunnerSlot(isa, compiler, build), (slot, positioned) =>
            {
                var (c, position) = positioned;
                var one = RunOne(slot.For(c), oracle, c);
                if (one.Error)
                {
                    Interlocked.Increment(ref errors);
                }
                plan.CaseDone?.Invoke();
                // Shrinking costs up to a few hundred runs, so only the first few disagreements of an ISA get it.
                var result = one.Result.Disagreement is not null && c.Generated is not null && !one.Error && Interlocked.Increment(ref shrunk) <= MaxShrunk
                    ? one.Result with { Reproduce = Shrink(isa, build, compiler, oracle, c) }
                    : one.Result;
                return result with { Position = position };
            }, abort));
        }
        return new CrossCheckIsa(isa, results, share.Skipped, errors, total.Elapsed) { Planned = share.Planned };
    }

    private static (CrossCheckCase Result, bool Error) RunOne(CaseRunner runner, OracleExecutor oracle, StubCase c)
    {
        CaseResult tpsim;
        try
        {
            tpsim = runner.Run(c);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return (new CrossCheckCase(c, $"error: {ex.Message}", "-", null, $"tpsim failed to run the case: {ex.Message}", null), true);
        }
        OracleResult o;
        try
        {
            o = oracle.Run(c);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return (new CrossCheckCase(c, Agreement.Describe(tpsim), $"error: {ex.Message}", null, $"the oracle failed to run the case: {ex.Message}", null) { TpsimVerdict = tpsim.Verdict }, true);
        }
        var limit = Agreement.Limit(c);
        var disagreement = limit is null ? Agreement.Disagreement(c, tpsim, o) : null;
        return (new CrossCheckCase(c, Agreement.Describe(tpsim), o.ToString(), limit, disagreement, null) { TpsimVerdict = tpsim.Verdict }, false);
    }

    /// <summary>A worker's <see cref="CaseRunner"/>, replaced by a fresh one when a case needs more slots than are left.</summary>
    private sealed class RunnerSlot(IsaBackend isa, Compiler compiler, BuildSpec build) : IDisposable
    {
        private CaseRunner _runner = new(isa, compiler, build);

        public CaseRunner For(StubCase c)
        {
            if (!_runner.HasRoomFor(c))
            {
                _runner.Dispose();
                _runner = new CaseRunner(isa, compiler, build);
            }
            return _runner;
        }

        public void Dispose() => _runner.Dispose();
    }

    /// <summary>The smallest generated case that still disagrees, as a command; its own runner, so the run's slots stay free.</summary>
    private static string Shrink(IsaBackend isa, BuildSpec build, Compiler compiler, OracleExecutor oracle, StubCase failing)
    {
        var spec = failing.Generated!.Spec;
        if (!GeneratedCase.TryParse(spec, out var generated, out _))
        {
            return Command(isa, build, spec);
        }
        var runner = new CaseRunner(isa, compiler, build);
        try
        {
            var smallest = CaseShrinker.Shrink(generated!, g =>
            {
                var c = g.ToStubCase(isa, build);
                if (!runner.HasRoomFor(c))
                {
                    runner.Dispose();
                    runner = new CaseRunner(isa, compiler, build);
                }
                var (r, error) = RunOne(runner, oracle, c);
                return !error && r.Disagreement is not null;
            });
            return Command(isa, build, smallest.Spec);
        }
        finally
        {
            runner.Dispose();
        }
    }

    private static string Command(IsaBackend isa, BuildSpec build, string spec) =>
        $"./tpsim check --arch {isa.Name} --compiler {build.Compiler.ToName()} --config {build.Config.Name} --generated '{spec}' --oracle";
}
