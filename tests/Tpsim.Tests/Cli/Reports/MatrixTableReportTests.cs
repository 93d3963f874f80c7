using System.Text.RegularExpressions;
using Tpsim.Arch;
using Tpsim.Cli.Reports;
using Tpsim.Emulator.Checking;
using Tpsim.Emulator.Toolchain;
using Tpsim.Harness.Cases;
using Tpsim.Harness.Running;
using Xunit;

namespace Tpsim.Tests.Cli.Reports;

/// <summary>
/// The matrix table read in a terminal of 80, 120 and 200 columns: no line wider than the terminal, no word cut with an
/// ellipsis, and no verdict, ISA, config, stub or shape name split into pieces over two lines.
/// </summary>
public sealed partial class MatrixTableReportTests
{
    private static readonly Lazy<IReadOnlyList<IsaOutcomes>> Runs = new(() =>
        MatrixRun.Execute([IsaRegistry.Create("x86_64"), IsaRegistry.Create("arm64")], [BuildSpec.Default, new BuildSpec(CompilerKind.Clang, BuildConfigs.Kcfi)], new Compiler()));

    [Theory]
    [InlineData(80)]
    [InlineData(120)]
    [InlineData(200)]
    public void Every_word_is_whole_at_this_width(int width)
    {
        using var text = new StringWriter();
        MatrixTableReport.Write(ReportOutput.PlainConsole(text, width), Runs.Value);
        var output = text.ToString();

        Assert.DoesNotContain("…", output, StringComparison.Ordinal);
        Assert.All(output.Split('\n'), l => Assert.True(l.TrimEnd().Length <= width, $"{l.TrimEnd().Length} > {width}: {l}"));
        string[] known =
        [
            .. KindNames.All<Verdict>(), .. KindNames.All<ViolationKind>(), .. KindNames.All<TrapKind>(), .. IsaRegistry.Names,
            .. BuildConfigs.Names, .. StubMatrix.Shapes.Select(s => s.Name), StubMatrix.ControlShape.Name,
            .. Runs.Value.SelectMany(r => r.Cases).Select(c => c.Case.Stub.Name.Replace("control:", "", StringComparison.Ordinal)),
            // Plain words of the report that happen to begin a longer known word (callee-saved, site.S).
            "call", "site",
        ];
        var tokens = Token().Matches(output).Select(m => m.Value).ToHashSet(StringComparer.Ordinal);
        // A word split over two lines leaves its first part as a token of its own: a proper prefix of a known word.
        var pieces = tokens.Where(t => t.Length >= 3 && !known.Contains(t) && known.Any(k => k.Length > t.Length && k.StartsWith(t, StringComparison.Ordinal))).ToList();
        Assert.Empty(pieces);
        Assert.Contains("balanced", tokens);
        Assert.Contains("unbalanced", tokens);
        Assert.Contains("kcfi", tokens);
        Assert.All(IsaRegistry.Names.Take(2), isa => Assert.Contains(isa, tokens));
    }

    [GeneratedRegex(@"[A-Za-z][A-Za-z0-9_.-]*")]
    private static partial Regex Token();
}
