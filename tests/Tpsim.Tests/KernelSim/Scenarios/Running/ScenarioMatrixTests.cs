using Tpsim.Arch;
using Tpsim.KernelSim.Scenarios;
using Tpsim.KernelSim.Scenarios.Running;
using Tpsim.KernelSim.Strategies;
using Xunit;

namespace Tpsim.Tests.KernelSim.Scenarios.Running;

/// <summary>A scenario run through the library for several ISAs and strategies, as <c>tpsim scenario</c> runs it.</summary>
public sealed class ScenarioMatrixTests
{
    [Fact]
    public void The_seed_scenario_passes_on_each_isa_and_strategy_in_a_fixed_order()
    {
        var strategies = KernelStrategies.All;
        var scenario = BuiltinScenarios.Load("seed", [.. strategies.Select(s => s.Name)]);
        var isas = new[] { IsaRegistry.Create("arm64"), IsaRegistry.Create("s390x") };

        var runs = ScenarioMatrix.Execute(scenario, isas, strategies);

        Assert.Equal(isas.Length * strategies.Count, runs.Count);
        Assert.Equal(
            isas.SelectMany(i => strategies.Select(s => $"{i.Name}/{s.Name}")),
            runs.Select(r => $"{r.Arch}/{r.Strategy}"));
        Assert.All(runs, r => Assert.True(r.Passed, $"{r.Arch}/{r.Strategy}: {string.Join("; ", r.Failures)}"));
    }
}
