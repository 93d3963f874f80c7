using System.Text.RegularExpressions;
using Tpsim.Arch;
using Tpsim.Cli.Reports;
using Tpsim.Emulator.Toolchain;
using Tpsim.Harness.Cases;
using Tpsim.Harness.Running;
using Xunit;

namespace Tpsim.Tests.Cli.Reports;

/// <summary><c>check</c>'s report of a clobbered register read at 80, 120 and 200 columns: both 64-bit values whole.</summary>
public sealed partial class CheckTableReportTests
{
    private static readonly Lazy<CaseOutcome> Clobber = new(() =>
    {
        var isa = IsaRegistry.Create("x86_64");
        var control = isa.Controls.Single(c => c.Name == "clobber");
        var c = StubMatrix.UserCase(isa, new StubSource(control.Name, control.File, isa.ReadSource(control.File), SourceLanguage.Asm), 3, SiteKind.C);
        using var runner = new CaseRunner(isa, new Compiler());
        return new CaseOutcome(c, runner.Run(c), TimeSpan.Zero);
    });

    [Theory]
    [InlineData(80)]
    [InlineData(120)]
    [InlineData(200)]
    public void Every_value_is_whole_at_this_width(int width)
    {
        using var text = new StringWriter();
        CheckTableReport.Write(ReportOutput.PlainConsole(text, width), Clobber.Value);
        var output = text.ToString();
        var v = Clobber.Value.Result.Violations[0];

        Assert.DoesNotContain("…", output, StringComparison.Ordinal);
        Assert.All(output.Split('\n'), l => Assert.True(l.TrimEnd().Length <= width, $"{l.TrimEnd().Length} > {width}: {l}"));
        var hexes = HexNumber().Matches(output).Select(m => m.Value).ToList();
        foreach (var value in new[] { Hex.Of(v.Expected), Hex.Of(v.Actual) })
        {
            Assert.Contains(value, hexes);
            // A value split over two lines leaves its first part as a number of its own.
            Assert.DoesNotContain(hexes, h => h != value && value.StartsWith(h, StringComparison.Ordinal) && h.Length > 4);
        }
        Assert.Contains("callee-saved", output, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"0x[0-9a-f]+")]
    private static partial Regex HexNumber();
}
