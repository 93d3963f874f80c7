using Tpsim.Arch;
using Tpsim.Cli.Reports;
using Tpsim.KernelSim.Scenarios;
using Tpsim.KernelSim.Scenarios.Running;
using Xunit;

namespace Tpsim.Tests.Cli.Reports;

/// <summary>One scenario run's steps (the seed under `fail`, whose fires fault with long notes) at 80, 120 and 200 columns.</summary>
public sealed class ScenarioStepsTableTests
{
    private static readonly Lazy<(Scenario Scenario, ScenarioRun Run)> Seed = new(() =>
    {
        var scenario = BuiltinScenarios.Load("seed", KernelStrategies.Names);
        return (scenario, ScenarioMatrix.Execute(scenario, [IsaRegistry.Create("x86_64")], [KernelStrategies.Fail]).Single());
    });

    [Theory]
    [InlineData(80)]
    [InlineData(120)]
    [InlineData(200)]
    public void Every_step_and_verdict_is_whole_at_this_width(int width)
    {
        using var text = new StringWriter();
        ScenarioTableReport.Write(ReportOutput.PlainConsole(text, width), Seed.Value.Scenario, [Seed.Value.Run]);
        var output = text.ToString();

        Assert.DoesNotContain("…", output, StringComparison.Ordinal);
        Assert.All(output.Split('\n'), l => Assert.True(l.TrimEnd().Length <= width, $"{l.TrimEnd().Length} > {width}: {l}"));
        var words = output.Split([' ', '\n', '│', ',', ';', '(', ')', ':'], StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
        Assert.Contains("fault", words);
        Assert.Contains("balanced", words);
        Assert.DoesNotContain(words, w => w.Length >= 3 && w != "balanced" && "balanced".StartsWith(w, StringComparison.Ordinal));
        Assert.DoesNotContain(words, w => w.Length >= 3 && w != "unregister" && "unregister".StartsWith(w, StringComparison.Ordinal));
    }
}
