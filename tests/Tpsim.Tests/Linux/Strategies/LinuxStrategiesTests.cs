using Tpsim.Emulator.Checking;
using Tpsim.Emulator.Toolchain;
using Tpsim.KernelSim.Scenarios;
using Tpsim.KernelSim.Scenarios.Running;
using Tpsim.Linux;
using Tpsim.Linux.Build;
using Tpsim.Linux.Scenarios;
using Tpsim.Linux.Strategies;
using Tpsim.Linux.Trees;
using Xunit;
using Xunit.Abstractions;

namespace Tpsim.Tests.Linux.Strategies;

/// <summary>
/// The strategies as patches on linux-6.12, each run with the seed scenario: the posted skip loop hangs the fire after
/// the failed removal inside __traceiter_; skip-fixed, the same patch with the increment where continue reaches it,
/// is balanced (the pair is each other's control); fail (5.11) keeps the probe and faults after rmmod.
/// </summary>
[Collection(Build.KernelBuildCollection.Name)]
public sealed class LinuxStrategiesTests(ITestOutputHelper output)
{
    private static readonly KernelCache Cache = new(Compiler.DefaultCacheDirectory());

    public static TheoryData<string> KernelIsas() => RealKernelIsas.Data();

    private ScenarioRun Seed(string isa, string strategy, BuildSpec? spec = null, string scenario = "seed", string? expectationsOf = null)
    {
        var patches = LinuxStrategies.PatchFile(Cache, strategy) is { } p ? new[] { p } : [];
        var tree = new KernelTrees(Cache).Open(KernelSpec.Parse("linux-6.12"), patches);
        var build = new KernelBuilds(Cache).Prepare(tree, Isas.Create(isa), spec ?? BuildSpec.Default);
        // expectationsOf: whose `when` lines the run checks (a control runs one strategy's tree against another's).
        var run = new LinuxScenarioRunner(Cache) { Strategy = expectationsOf ?? strategy }.Run(BuiltinScenarios.Load(scenario, KernelStrategies.Names), build);
        foreach (var s in run.Steps.Where(s => s.Run is not null || s.Return is not null))
        {
            output.WriteLine($"{s.Line,3} {s.Command} -> {s.Run?.Verdict.ToName()} {s.Return} [{string.Join(", ", s.Array ?? [])}] {string.Join("; ", s.Run?.Notes ?? [])}");
        }
        return run;
    }

    private static IReadOnlyList<StepResult> Fires(ScenarioRun run) => [.. run.Steps.Where(s => s.Command.StartsWith("fire ", StringComparison.Ordinal))];

    [Theory]
    [MemberData(nameof(KernelIsas))]
    public void Skip_as_posted_hangs_the_fire_after_the_failed_removal_inside_the_iterator(string isa)
    {
        var run = Seed(isa, "skip");
        var unregister = run.Steps.First(s => s.Command.StartsWith("unregister ", StringComparison.Ordinal));
        Assert.Equal(0L, unregister.Return);
        Assert.Equal(["skip", "bystander.watch"], unregister.Array);
        var fires = Fires(run);
        Assert.Equal(Verdict.Balanced, fires[0].Run!.Verdict);
        Assert.Equal(Verdict.Timeout, fires[1].Run!.Verdict);
        Assert.Contains(fires[1].Run!.Notes, n => n.Contains("(__traceiter_sched_switch+", StringComparison.Ordinal));
        // The seed states the hang for skip (and the balanced fire for skip-fixed), on both kernels.
        Assert.True(run.Passed, string.Join("; ", run.Failures.Select(f => $"line {f.Line}: {f.Expected} / {f.Actual}")));
    }

    [Theory]
    [MemberData(nameof(KernelIsas))]
    public void Skip_fixed_passes_over_the_skip_entry(string isa)
    {
        var run = Seed(isa, "skip-fixed");
        Assert.Equal([Verdict.Balanced, Verdict.Balanced, Verdict.Balanced, Verdict.Balanced], Fires(run).Select(f => f.Run!.Verdict));
        Assert.Equal(["bystander.watch"], Fires(run)[1].Calls);
        Assert.True(run.Passed, string.Join("; ", run.Failures.Select(f => $"line {f.Line}: {f.Expected} / {f.Actual}")));
    }

    [Theory]
    [MemberData(nameof(KernelIsas))]
    public void Fail_keeps_the_probe_and_the_fire_after_rmmod_faults(string isa)
    {
        var run = Seed(isa, "fail");
        var unregister = run.Steps.First(s => s.Command.StartsWith("unregister ", StringComparison.Ordinal));
        Assert.Equal(-12L, unregister.Return);
        Assert.Equal(["victim.handler", "bystander.watch"], unregister.Array);
        Assert.Equal(Verdict.Fault, Fires(run)[2].Run!.Verdict);
        Assert.True(run.Passed, string.Join("; ", run.Failures.Select(f => $"line {f.Line}: {f.Expected} / {f.Actual}")));
    }

    [Fact]
    public void Every_patch_names_the_mail_it_follows_and_stub_is_the_tree_itself()
    {
        Assert.Null(LinuxStrategies.Patch(LinuxStrategies.Tree));
        foreach (var name in LinuxStrategies.Names.Where(n => n != LinuxStrategies.Tree))
        {
            var patch = LinuxStrategies.Patch(name)!;
            Assert.Contains("Message-Id: <", patch, StringComparison.Ordinal);
            Assert.Contains("--- a/kernel/tracepoint.c", patch, StringComparison.Ordinal);
        }
        Assert.Throws<KernelInputException>(() => LinuxStrategies.Patch("bogus"));
        // Every strategy of the simulated kernel comes as a patch, in the same order.
        Assert.Equal(KernelStrategies.Names, LinuxStrategies.Names);
    }

    [Theory]
    [MemberData(nameof(KernelIsas))]
    public void Nofail_and_sentinel_never_fail_the_removal_and_the_injected_failure_lands_on_the_next_add(string isa)
    {
        foreach (var strategy in new[] { "nofail", "sentinel" })
        {
            var run = Seed(isa, strategy);
            var unregister = run.Steps.First(s => s.Command.StartsWith("unregister ", StringComparison.Ordinal));
            Assert.Equal(0L, unregister.Return);
            Assert.Equal(["bystander.watch"], unregister.Array);
            // __GFP_NOFAIL: fault injection skipped the removal's allocation, which may wait for memory instead.
            Assert.Contains("kmalloc(__GFP_NOFAIL)", unregister.Sleeps);
            var late = run.Steps.Last(s => s.Command.StartsWith("register ", StringComparison.Ordinal));
            Assert.Equal(-12L, late.Return);
            Assert.True(run.Passed, $"{strategy}: " + string.Join("; ", run.Failures.Select(f => $"line {f.Line}: {f.Expected} / {f.Actual}")));
        }
    }

    [Theory]
    [MemberData(nameof(KernelIsas))]
    public void Double_array_switches_halves_without_allocating_and_synchronizes_back_to_back_switches(string isa)
    {
        var seed = Seed(isa, "double-array");
        var unregister = seed.Steps.First(s => s.Command.StartsWith("unregister ", StringComparison.Ordinal));
        Assert.Equal(0L, unregister.Return);
        Assert.Contains(unregister.Dmesg, m => m.Kind == "spare-half");
        Assert.DoesNotContain(unregister.Dmesg, m => m.Kind == "alloc-failed");
        Assert.Equal(-12L, seed.Steps.Last(s => s.Command.StartsWith("register ", StringComparison.Ordinal)).Return);
        Assert.True(seed.Passed, string.Join("; ", seed.Failures.Select(f => $"line {f.Line}: {f.Expected} / {f.Actual}")));

        // stub-pruning's second removal comes back to the half the first one left, with no grace period between.
        var pruning = Seed(isa, "double-array", scenario: "stub-pruning");
        var removals = pruning.Steps.Where(s => s.Command.StartsWith("unregister ", StringComparison.Ordinal)).ToList();
        Assert.DoesNotContain(removals[0].Dmesg, m => m.Kind == "forced-synchronize");
        Assert.Contains(removals[1].Dmesg, m => m.Kind == "forced-synchronize");
        Assert.Equal(["synchronize_srcu", "synchronize_rcu"], removals[1].Sleeps);
        Assert.True(pruning.Passed, string.Join("; ", pruning.Failures.Select(f => $"line {f.Line}: {f.Expected} / {f.Actual}")));
    }

    public static TheoryData<string> KcfiIsas() => [.. RealKernelIsas.With("kcfi")];

    /// <summary>Mark Rutland's fix on the tree: under kcfi the typed stub passes the iterator's check that tp_stub_func fails.</summary>
    [Theory]
    [MemberData(nameof(KcfiIsas))]
    public void Under_kcfi_the_typed_stub_passes_the_check_the_stub_fails(string isa)
    {
        var kcfi = new BuildSpec(CompilerKind.Clang, BuildConfigs.Kcfi);
        var typed = Seed(isa, "typed-stub", kcfi);
        Assert.Equal(["stub", "bystander.watch"], typed.Steps.First(s => s.Command.StartsWith("unregister ", StringComparison.Ordinal)).Array);
        Assert.All(Fires(typed), f => Assert.Equal(Verdict.Balanced, f.Run!.Verdict));
        // The stub is called, through the check, and returns.
        Assert.Equal(["stub", "bystander.watch"], Fires(typed)[1].Calls);
        Assert.True(typed.Passed, string.Join("; ", typed.Failures.Select(f => $"line {f.Line}: {f.Expected} / {f.Actual}")));
        // The control: the same seed on the unpatched tree is the kcfi trap.
        Assert.Equal(TrapKind.Kcfi, Fires(Seed(isa, "stub", kcfi))[1].Run!.Trap?.Kind);
    }

    /// <summary>
    /// Each strategy's negative control: its tree checked against another strategy's expectations (a deliberately
    /// wrong set, chosen where the seed's outcome differs) must fail.
    /// </summary>
    [Theory]
    [MemberData(nameof(KernelIsas))]
    public void Every_strategy_s_tree_fails_another_strategy_s_expectations(string isa)
    {
        var partners = Isas.WrongPartners;
        Assert.Equal(LinuxStrategies.Names.Order(), partners.Keys.Order());
        foreach (var (strategy, wrong) in partners)
        {
            var run = Seed(isa, strategy, expectationsOf: wrong);
            Assert.False(run.Passed, $"{strategy}'s tree passed {wrong}'s expectations");
        }
    }
}
