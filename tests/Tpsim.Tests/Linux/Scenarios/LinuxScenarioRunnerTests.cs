using Tpsim.Emulator.Toolchain;
using Tpsim.KernelSim.Scenarios;
using Tpsim.KernelSim.Scenarios.Running;
using Tpsim.KernelSim.Strategies;
using Tpsim.Linux;
using Tpsim.Linux.Build;
using Tpsim.Linux.Scenarios;
using Tpsim.Linux.Strategies;
using Tpsim.Linux.Trees;
using Xunit;
using Xunit.Abstractions;

namespace Tpsim.Tests.Linux.Scenarios;

/// <summary>
/// The built-in seed scenario on linux-6.12, unchanged: the same file the simulated kernel runs, its <c>stub</c> lines
/// checked against the real kernel/tracepoint.o. Under kcfi its <c>when stub kcfi</c> lines (a kcfi trap) hold.
/// </summary>
[Collection(Build.KernelBuildCollection.Name)]
public sealed class LinuxScenarioRunnerTests(ITestOutputHelper output)
{
    private static readonly KernelCache Cache = new(Compiler.DefaultCacheDirectory());

    public static TheoryData<string, string> Runs()
    {
        var data = new TheoryData<string, string>();
        foreach (var isa in RealKernelIsas.Names)
        {
            data.Add(isa, "default");
        }
        foreach (var isa in RealKernelIsas.With("kcfi"))
        {
            data.Add(isa, "kcfi");
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Runs))]
    public void The_seed_scenario_passes_on_the_real_kernel(string isa, string config)
    {
        var scenario = BuiltinScenarios.Load("seed", KernelStrategies.Names);
        var tree = new KernelTrees(Cache).Open(KernelSpec.Parse("linux-6.12"));
        BuildConfigs.TryGet(config, out var cfg);
        var build = new KernelBuilds(Cache).Prepare(tree, Isas.Create(isa), new BuildSpec(CompilerKind.Clang, cfg));
        var run = new LinuxScenarioRunner(Cache, output.WriteLine).Run(scenario, build);
        foreach (var step in run.Steps)
        {
            output.WriteLine($"{step.Line,3} {step.Status,-7} {step.Command}{(step.Actual is { } a ? $"  [{a}]" : "")}");
        }
        Assert.Empty(run.Failures);
        // The lines that make the seed's point ran, not only passed vacuously.
        Assert.Contains(run.Steps, s => s.Command.StartsWith("expect array stub bystander.watch", StringComparison.Ordinal) && s.Status == "ok");
        Assert.Contains(run.Steps, s => s.Command.StartsWith(config == "kcfi" ? "expect trap kcfi" : "expect verdict balanced                 when stub !kcfi", StringComparison.Ordinal) && s.Status == "ok");
    }

    /// <summary>
    /// kCFI type hashes depend on the C type only, so every ISA's real trap names the same two, and they are the ones the
    /// simulated kernel's own kcfi build of the seed reports: targetType is tp_stub_func's void(void), expectedType the
    /// iterator's prototype. Different from each other, or there would be no trap.
    /// </summary>
    [Fact]
    public void The_real_kcfi_traps_name_the_same_type_hashes_on_every_isa_and_as_the_model()
    {
        var scenario = BuiltinScenarios.Load("seed", KernelStrategies.Names);
        var tree = new KernelTrees(Cache).Open(KernelSpec.Parse("linux-6.12"));
        var kcfi = new BuildSpec(CompilerKind.Clang, BuildConfigs.Kcfi);
        var hashes = new List<(uint?, uint?)>();
        foreach (var isa in RealKernelIsas.With("kcfi"))
        {
            var run = new LinuxScenarioRunner(Cache).Run(scenario, new KernelBuilds(Cache).Prepare(tree, Isas.Create(isa), kcfi));
            var trap = run.Steps.First(s => s.Run?.Trap is not null).Run!.Trap!;
            hashes.Add((trap.ExpectedType, trap.TargetType));
        }
        var model = new ScenarioRunner(new Compiler()).Run(scenario, Isas.Create("x86_64"), Isas.Strategy("stub"), kcfi);
        var modelTrap = model.Steps.First(s => s.Run?.Trap is not null).Run!.Trap!;
        Assert.All(hashes, h => Assert.Equal((modelTrap.ExpectedType, modelTrap.TargetType), h));
        Assert.NotNull(modelTrap.TargetType);
        Assert.NotEqual(modelTrap.ExpectedType, modelTrap.TargetType);
        output.WriteLine($"expectedType 0x{modelTrap.ExpectedType:x8}, targetType 0x{modelTrap.TargetType:x8}");
    }

    public static TheoryData<string, string, string> BuiltinRuns()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var name in BuiltinScenarios.Names)
        {
            foreach (var isa in RealKernelIsas.Names)
            {
                foreach (var strategy in LinuxStrategies.Names)
                {
                    data.Add(name, isa, strategy);
                }
            }
        }
        return data;
    }

    /// <summary>
    /// Every built-in scenario, unchanged, passes on the real tree for every strategy that comes as a patch: their
    /// <c>when</c> lines follow the real semantics (skip's hang included).
    /// </summary>
    [Theory]
    [MemberData(nameof(BuiltinRuns))]
    public void Every_builtin_scenario_passes_on_the_real_kernel(string name, string isa, string strategy)
    {
        var scenario = BuiltinScenarios.Load(name, KernelStrategies.Names);
        var patches = LinuxStrategies.PatchFile(Cache, strategy) is { } p ? new[] { p } : [];
        var build = new KernelBuilds(Cache).Prepare(new KernelTrees(Cache).Open(KernelSpec.Parse("linux-6.12"), patches), Isas.Create(isa), BuildSpec.Default);
        var run = new LinuxScenarioRunner(Cache) { Strategy = strategy }.Run(scenario, build);
        Assert.Empty(run.Failures.Select(f => $"line {f.Line} {f.Expectation}: expected {f.Expected}, got {f.Actual}"));
        Assert.Contains(run.Steps, s => s.Command.StartsWith("expect ", StringComparison.Ordinal) && s.Status == "ok");
    }

    private const string PathScenario = """
        tracepoint t 2
        module m probes a b c
        load m
        register t m.a
        register t m.b
        fail-alloc path=func_remove
        register t m.c
        expect return 0
        unregister t m.b
        expect return 0
        expect array m.a stub m.c
        expect dmesg alloc-failed placeholder-written
        fail-alloc path=func_add
        unregister t m.c
        expect return 0
        expect array m.a
        register t m.b
        expect return -ENOMEM
        expect array m.a
        """;

    /// <summary>
    /// fail-alloc path= on the real tree: func_add and func_remove are inlined, so a kmalloc is named by the function it
    /// returns into (tracepoint_add_func, tracepoint_probe_unregister). A removal failure is not spent on a register,
    /// nor an add failure on a removal; the model agrees line by line.
    /// </summary>
    [Theory]
    [MemberData(nameof(KernelIsas))]
    public void Fail_alloc_path_fails_the_named_allocation_of_the_real_tree(string isa)
    {
        var scenario = ScenarioParser.Parse(PathScenario, "path.tps", KernelStrategies.Names);
        var real = new LinuxScenarioRunner(Cache).Run(scenario, Prepare(isa));
        Assert.Empty(real.Failures.Select(f => $"line {f.Line}: expected {f.Expected}, got {f.Actual}"));
        var model = new ScenarioRunner(new Compiler()).Run(scenario, Isas.Create(isa), KernelStrategies.Stub);
        Assert.Empty(model.Failures.Select(f => $"model line {f.Line}: expected {f.Expected}, got {f.Actual}"));

        // Negative control: the same failure without a path is spent on the register, and the removal succeeds.
        var unnamed = ScenarioParser.Parse(PathScenario.Replace("fail-alloc path=func_remove", "fail-alloc", StringComparison.Ordinal), "unnamed.tps", KernelStrategies.Names);
        var wrong = new LinuxScenarioRunner(Cache).Run(unnamed, Prepare(isa));
        Assert.Contains(wrong.Failures, f => f.Line == 8 && f.Actual == "-ENOMEM");
    }

    public static TheoryData<string> KernelIsas() => RealKernelIsas.Data();

    private static KernelBuild Prepare(string isa) =>
        new KernelBuilds(Cache).Prepare(new KernelTrees(Cache).Open(KernelSpec.Parse("linux-6.12")), Isas.Create(isa), BuildSpec.Default);

    public static TheoryData<string, string> SourceModuleRuns()
    {
        var data = new TheoryData<string, string>();
        foreach (var file in new[] { "examples/scenarios/lifecycle.tps", "Data/Scenarios/machine/init-alloc.tps", "Data/Scenarios/machine/broken-module.tps" })
        {
            foreach (var isa in RealKernelIsas.Names)
            {
                data.Add(file, isa);
            }
        }
        return data;
    }

    /// <summary>
    /// <c>module NAME source FILE.c</c> on the real tree: the same files the simulated kernel runs, built by kbuild with
    /// tpsim_scenario.h in front (DECLARE_TRACEPOINT as the tree's DECLARE_TRACE); init_module and cleanup_module run,
    /// a failing init frees the module, a double kfree in exit is an oops.
    /// </summary>
    [Theory]
    [MemberData(nameof(SourceModuleRuns))]
    public void Scenario_modules_built_from_source_run_on_the_real_kernel(string file, string isa)
    {
        var scenario = ScenarioParser.ParseFile(Path.Combine(AppContext.BaseDirectory, file), KernelStrategies.Names);
        var run = new LinuxScenarioRunner(Cache).Run(scenario, Prepare(isa));
        Assert.Empty(run.Failures.Select(f => $"line {f.Line} {f.Expectation}: expected {f.Expected}, got {f.Actual}"));
        Assert.Contains(run.Steps, s => s.Command.StartsWith("load ", StringComparison.Ordinal) && s.Run is not null);
    }

    /// <summary>A user's module the tree's rules reject (-Werror=missing-prototypes) is one error naming the user's file and line.</summary>
    [Fact]
    public void A_scenario_module_that_does_not_compile_names_the_users_file_and_line()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Data/Scenarios/machine/controls.tps");
        var scenario = ScenarioParser.ParseFile(path, KernelStrategies.Names);
        var ex = Assert.Throws<ScenarioRuntimeException>(() => new LinuxScenarioRunner(Cache).Run(scenario, Prepare("x86_64")));
        Assert.Contains("bad_probes.c:30:6: error: no previous prototype for function 'fault_probe'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("controls.tps", ex.Message, StringComparison.Ordinal);
    }
}
