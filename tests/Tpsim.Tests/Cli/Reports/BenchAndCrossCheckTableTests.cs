using Tpsim.Arch;
using Tpsim.Cli.Bench;
using Tpsim.Cli.Reports;
using Tpsim.Emulator.Toolchain;
using Tpsim.Harness.Bench;
using Tpsim.Harness.Running;
using Tpsim.KernelSim.Bench;
using Xunit;

namespace Tpsim.Tests.Cli.Reports;

/// <summary>
/// The bench and cross-check tables at 80, 120 and 200 columns: no cell cut with an ellipsis, no line wider than the
/// terminal, and every ISA name and figure whole. The bench figures are made up: this checks the layout, not a measurement.
/// </summary>
public sealed class BenchAndCrossCheckTableTests
{
    private static readonly Lazy<CrossCheckSummary> Agreement = new(() =>
    {
        var summary = new CrossCheckSummary { FirstSeed = 3, GeneratedPerRound = 2 };
        summary.Add(CrossCheckRun.Execute(new CrossCheckPlan([IsaRegistry.Create("x86_64")], [BuildSpec.Default], Generated: 2, Seed: 3)));
        return summary;
    });

    private static BenchResult Bench() => new(
        [.. IsaRegistry.Names.Select(n => new PerCaseFigure(n, 40, 45.5, 12345.6))],
        212.3,
        [.. IsaRegistry.Names.Select(n => new FireRateFigure(n, 81234.5, 103456.7, 136) { RoundRatio = 0.7512 })],
        new ColdMatrixFigure(6.35, 6.07, 130, 2250),
        new GridMemoryFigure(252.4, 5.5, "tpsim matrix --compiler all --config all"),
        2,
        new DateTime(2026, 12, 7, 0, 0, 0, DateTimeKind.Utc));

    [Theory]
    [InlineData(80)]
    [InlineData(120)]
    [InlineData(200)]
    public void The_bench_tables_read_whole_at_this_width(int width)
    {
        using var text = new StringWriter();
        BenchTableReport.Write(ReportOutput.PlainConsole(text, width), Bench());
        AssertWhole(text.ToString(), width, [.. IsaRegistry.Names, "0.751", "212.3x", "252", "81235"]);
    }

    [Theory]
    [InlineData(80)]
    [InlineData(120)]
    [InlineData(200)]
    public void The_crosscheck_table_reads_whole_at_this_width(int width)
    {
        using var text = new StringWriter();
        CrossCheckTableReport.Write(ReportOutput.PlainConsole(text, width), Agreement.Value);
        AssertWhole(text.ToString(), width, ["x86_64", "agree", "disagree", "excluded"]);
    }

    private static void AssertWhole(string output, int width, IEnumerable<string> words)
    {
        Assert.DoesNotContain("…", output, StringComparison.Ordinal);
        Assert.All(output.Split('\n'), l => Assert.True(l.TrimEnd().Length <= width, $"{l.TrimEnd().Length} > {width}: {l}"));
        var tokens = output.Split([' ', '\n', '│', ',', ';', '(', ')'], StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
        Assert.All(words, w => Assert.True(tokens.Contains(w) || tokens.Any(t => t.StartsWith(w, StringComparison.Ordinal)), $"'{w}' is not whole in:\n{output}"));
    }
}
