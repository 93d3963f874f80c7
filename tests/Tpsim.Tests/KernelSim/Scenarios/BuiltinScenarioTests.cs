using Tpsim.Emulator.Checking;
using Tpsim.KernelSim.Scenarios;
using Xunit;
using static Tpsim.Tests.KernelSim.Scenarios.ScenarioTestData;

namespace Tpsim.Tests.KernelSim.Scenarios;

/// <summary>The scenarios embedded in Tpsim.KernelSim.</summary>
public sealed class BuiltinScenarioTests
{
    public static TheoryData<string> Names => new(BuiltinScenarios.Names);

    [Fact]
    public void Names_are_sorted_and_include_smoke()
    {
        Assert.Contains("smoke", BuiltinScenarios.Names);
        Assert.Equal(BuiltinScenarios.Names.Order(StringComparer.Ordinal), BuiltinScenarios.Names);
        Assert.True(BuiltinScenarios.Exists("smoke"));
        Assert.False(BuiltinScenarios.Exists("no-such-scenario"));
        Assert.False(BuiltinScenarios.Exists("smoke.tps"));
    }

    [Fact]
    public void Smoke_loads()
    {
        var s = BuiltinScenarios.Load("smoke", StrategyNames);
        Assert.Equal("smoke", s.Name);
        Assert.Equal("builtin:smoke", s.File);
        Assert.StartsWith("# smallest scenario", BuiltinScenarios.Text("smoke"), StringComparison.Ordinal);
        Assert.Equal(
            [
                "tracepoint demo 2", "module rec probes a", "load rec", "register demo rec.a prio=10 data=0x10", "expect return 0",
                "fire demo 0x1 0x2", "expect calls rec.a", "expect verdict Balanced",
            ],
            s.Steps.Select(Render));
        Assert.Equal(Enumerable.Range(2, 8), s.Steps.Select(x => x.Line));
        Assert.Equal(2, s.Modules.Single().ProbeArity["a"]);
        Assert.Equal(Verdict.Balanced, Assert.IsType<ExpectVerdictStep>(s.Steps[^1]).Verdict);
        Assert.All(StrategyNames, st => Assert.Equal(8, s.StepsFor(st).Count()));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Every_builtin_parses_with_the_contract_strategies(string name)
    {
        var s = BuiltinScenarios.Load(name, StrategyNames);
        Assert.Equal(name, s.Name);
        Assert.NotEmpty(s.Steps);
    }

    [Fact]
    public void Unknown_builtins_are_reported()
    {
        var e = Assert.Throws<ScenarioSyntaxException>(() => BuiltinScenarios.Load("no-such-scenario", StrategyNames));
        Assert.Equal(0, e.Line);
        Assert.Equal("builtin:no-such-scenario", e.File);
        Assert.Contains("smoke", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => BuiltinScenarios.Text("no-such-scenario"));
    }
}
