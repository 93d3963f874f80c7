using Tpsim.Arch;
using Tpsim.Cli.Reports;
using Tpsim.KernelSim.Scenarios;
using Tpsim.KernelSim.Scenarios.Running;
using Xunit;

namespace Tpsim.Tests.Cli.Reports;

/// <summary>The scenario grid of every ISA and strategy read at 80, 120 and 200 columns: no verdict cut or split.</summary>
public sealed class ScenarioTableReportTests
{
    private static readonly Lazy<(Scenario Scenario, IReadOnlyList<ScenarioRun> Runs)> Seed = new(() =>
    {
        var scenario = BuiltinScenarios.Load("seed", KernelStrategies.Names);
        return (scenario, ScenarioMatrix.Execute(scenario, IsaRegistry.CreateAll(), KernelStrategies.All));
    });

    [Theory]
    [InlineData(80)]
    [InlineData(120)]
    [InlineData(200)]
    public void Every_verdict_of_every_run_is_whole_at_this_width(int width)
    {
        using var text = new StringWriter();
        ScenarioTableReport.Write(ReportOutput.PlainConsole(text, width), Seed.Value.Scenario, Seed.Value.Runs);
        var output = text.ToString();

        Assert.DoesNotContain("…", output, StringComparison.Ordinal);
        Assert.All(output.Split('\n'), l => Assert.True(l.TrimEnd().Length <= width, $"{l.TrimEnd().Length} > {width}: {l}"));
        var words = output.Split([' ', '\n', '│'], StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
        // A split "balanced" leaves "balanc", "balan" or the like behind.
        Assert.DoesNotContain(words, w => w.Length >= 3 && "balanced".StartsWith(w, StringComparison.Ordinal) && w != "balanced");
        Assert.All(IsaRegistry.Names, isa => Assert.Contains(isa, words));
        Assert.All(KernelStrategies.Names, s => Assert.Contains(s, words));
    }
}
