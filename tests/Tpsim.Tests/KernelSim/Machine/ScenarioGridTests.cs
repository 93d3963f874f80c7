using Tpsim.Emulator.Checking;
using Tpsim.Emulator.Toolchain;
using Tpsim.KernelSim.Scenarios;
using Tpsim.KernelSim.Scenarios.Running;
using Tpsim.KernelSim.Strategies;
using Xunit;

namespace Tpsim.Tests.KernelSim.Machine;

/// <summary>
/// Every built-in, the shipped example and the machine-level controls, on every ISA with every
/// strategy: the scenarios state their own per-strategy expectations, so a pass is their verdicts.
/// </summary>
public sealed class ScenarioGridTests
{
    private static readonly Compiler Compiler = new();

    public static TheoryData<string, string, string> Builtins()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var scenario in BuiltinScenarios.Names)
        {
            foreach (var isa in Isas.MatrixNames)
            {
                foreach (var strategy in KernelStrategies.Names)
                {
                    data.Add(scenario, isa, strategy);
                }
            }
        }
        return data;
    }

    public static TheoryData<string, string, string> Files()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var file in new[] { "examples/scenarios/lifecycle.tps", "Data/Scenarios/machine/controls.tps", "Data/Scenarios/machine/init-alloc.tps", "Data/Scenarios/machine/broken-module.tps", "Data/Scenarios/machine/truncate.tps" })
        {
            foreach (var isa in Isas.MatrixNames)
            {
                foreach (var strategy in KernelStrategies.Names)
                {
                    data.Add(file, isa, strategy);
                }
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Builtins))]
    public void Builtin_holds(string scenario, string isa, string strategy) =>
        AssertPasses(BuiltinScenarios.Load(scenario, KernelStrategies.Names), isa, strategy);

    [Theory]
    [MemberData(nameof(Files))]
    public void Scenario_file_holds(string file, string isa, string strategy) =>
        AssertPasses(ScenarioParser.ParseFile(Path.Combine(AppContext.BaseDirectory, file), KernelStrategies.Names), isa, strategy);

    /// <summary>The same scenarios with the kernel image and modules built by GCC 12: the model must not depend on clang's code.</summary>
    public static TheoryData<string, string, string> GccRuns()
    {
        var data = new TheoryData<string, string, string>();
        var sources = BuiltinScenarios.Names.Select(n => $"builtin:{n}")
            .Concat(["examples/scenarios/lifecycle.tps", "Data/Scenarios/machine/controls.tps", "Data/Scenarios/machine/init-alloc.tps", "Data/Scenarios/machine/broken-module.tps", "Data/Scenarios/machine/truncate.tps"]);
        foreach (var source in sources)
        {
            foreach (var isa in Isas.MatrixNames)
            {
                foreach (var strategy in new[] { "stub", "fail" })
                {
                    data.Add(source, isa, strategy);
                }
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(GccRuns))]
    public void Scenario_holds_under_gcc(string source, string isa, string strategy)
    {
        var scenario = source.StartsWith("builtin:", StringComparison.Ordinal)
            ? BuiltinScenarios.Load(source["builtin:".Length..], KernelStrategies.Names)
            : ScenarioParser.ParseFile(Path.Combine(AppContext.BaseDirectory, source), KernelStrategies.Names);
        var run = new ScenarioRunner(Compiler).Run(scenario, Isas.Create(isa), Isas.Strategy(strategy), new BuildSpec(CompilerKind.Gcc, BuildConfigs.Default));
        Assert.True(run.Passed, string.Join("\n", run.Failures.Select(f => $"line {f.Line} '{f.Expectation}': expected {f.Expected}, got {f.Actual}")));
    }

    /// <summary>The runner's own negative control: false expectations are reported with their lines, never passed.</summary>
    public static TheoryData<string> AllIsas() => [.. Isas.MatrixNames];

    [Theory]
    [MemberData(nameof(AllIsas))]
    public void False_expectations_fail_with_their_line_numbers(string isa)
    {
        var scenario = ScenarioParser.ParseFile(Path.Combine(AppContext.BaseDirectory, "Data/Scenarios/machine/wrong-expectation.tps"), KernelStrategies.Names);
        var run = new ScenarioRunner(Compiler).Run(scenario, Isas.Create(isa), KernelStrategies.Default);
        Assert.False(run.Passed);
        Assert.Equal([8, 9], run.Failures.Select(f => f.Line));
        Assert.Equal("m.b", run.Failures[0].Expected);
        Assert.Equal("m.a", run.Failures[0].Actual);
        Assert.Equal("balanced", run.Failures[1].Actual);
    }

    /// <summary>
    /// Each strategy's negative control on every ISA: the seed with the strategy's `when` lines swapped with a partner's
    /// whose seed differs (a deliberately wrong set of expectations) must fail.
    /// </summary>
    [Theory]
    [MemberData(nameof(AllIsas))]
    public void Every_strategy_fails_another_strategy_s_expectations(string isa)
    {
        var partners = Isas.WrongPartners;
        Assert.Equal(KernelStrategies.Names.Order(), partners.Keys.Order());
        foreach (var (strategy, wrong) in partners)
        {
            var swapped = string.Join('\n', BuiltinScenarios.Text("seed").Split('\n').Select(line =>
            {
                var at = line.IndexOf(" when ", StringComparison.Ordinal);
                return at < 0 || line.TrimStart().StartsWith('#')
                    ? line
                    : line[..(at + 6)] + string.Join(' ', line[(at + 6)..].Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(w => w == strategy ? wrong : w == wrong ? strategy : w));
            }));
            var run = new ScenarioRunner(Compiler).Run(ScenarioParser.Parse(swapped, "swapped-seed.tps", KernelStrategies.Names), Isas.Create(isa), Isas.Strategy(strategy));
            Assert.False(run.Passed, $"{strategy} passed {wrong}'s expectations on {isa}");
        }
    }

    /// <summary>The violation behind truncate.tps's verdict is the call count, on every ISA.</summary>
    [Theory]
    [MemberData(nameof(AllIsas))]
    public void An_entry_the_iterator_skips_is_a_missing_call(string isa)
    {
        var scenario = ScenarioParser.ParseFile(Path.Combine(AppContext.BaseDirectory, "Data/Scenarios/machine/truncate.tps"), KernelStrategies.Names);
        var run = new ScenarioRunner(Compiler).Run(scenario, Isas.Create(isa), KernelStrategies.Default);
        var fire = Assert.Single(run.Steps, s => s.Calls is not null);
        var v = Assert.Single(fire.Run!.Violations);
        Assert.Equal("missing-call", v.Kind.ToName());
        Assert.Equal(2UL, v.Expected);
        Assert.Equal(1UL, v.Actual);
    }

    private static void AssertPasses(Scenario scenario, string isa, string strategy)
    {
        var run = new ScenarioRunner(Compiler).Run(scenario, Isas.Create(isa), Isas.Strategy(strategy));
        Assert.True(run.Passed, string.Join("\n", run.Failures.Select(f => $"line {f.Line} '{f.Expectation}': expected {f.Expected}, got {f.Actual}")));
        Assert.Contains(run.Steps, s => s.Status == StepStatus.Ok && s.Expected is not null);
    }
}
