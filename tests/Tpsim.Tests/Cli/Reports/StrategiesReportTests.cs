using System.Text.RegularExpressions;
using Tpsim.Arch;
using Tpsim.Cli.Reports;
using Tpsim.KernelSim.Strategies;
using Xunit;

namespace Tpsim.Tests.Cli.Reports;

/// <summary>
/// The strategies table read in a terminal of 80, 120 and 200 columns: every strategy, ISA and verdict word appears
/// whole (never cut with an ellipsis or split over two lines), and no line is wider than the terminal.
/// </summary>
public sealed partial class StrategiesReportTests
{
    private static readonly Lazy<IReadOnlyList<StrategyRow>> Rows = new(() => StrategyComparison.Execute(IsaRegistry.CreateAll()));

    [Theory]
    [InlineData(80)]
    [InlineData(120)]
    [InlineData(200)]
    public void Every_word_is_whole_at_this_width(int width)
    {
        using var text = new StringWriter();
        StrategiesReport.WriteTable(ReportOutput.PlainConsole(text, width), Rows.Value);
        var output = text.ToString();
        var lines = output.Split('\n');

        Assert.DoesNotContain("…", output, StringComparison.Ordinal);
        Assert.All(lines, l => Assert.True(l.TrimEnd().Length <= width, $"{l.Length} > {width}: {l}"));
        var words = Words().Matches(output).Select(m => m.Value).ToHashSet(StringComparer.Ordinal);
        Assert.All(KernelStrategies.Names, name => Assert.Contains(name, words));
        Assert.All(IsaRegistry.Names, name => Assert.Contains(name + ":", output, StringComparison.Ordinal));
        Assert.Contains("trap", words);
        Assert.Contains("fault", words);
        // A cell of verdicts per ISA and strategy, each on one line of its table.
        Assert.Equal(IsaRegistry.Names.Count * KernelStrategies.Names.Count + KernelStrategies.Names.Count,
            lines.Count(l => KernelStrategies.Names.Any(n => Regex.IsMatch(l, $@"│ {Regex.Escape(n)} +│"))));
    }

    [GeneratedRegex(@"[a-z0-9_-]+")]
    private static partial Regex Words();
}
