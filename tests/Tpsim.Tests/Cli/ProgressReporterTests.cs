using Tpsim.Cli;
using Tpsim.Cli.Commands;
using Xunit;

namespace Tpsim.Tests.Cli;

/// <summary>The spinner only where a person watches stderr; redirected or beside a JSON report, stderr keeps its plain lines.</summary>
public sealed class ProgressReporterTests
{
    [Theory]
    [InlineData(false, ReportFormat.Table, null, true)]
    [InlineData(false, ReportFormat.Markdown, null, true)]
    [InlineData(false, ReportFormat.Json, "matrix.json", true)]
    [InlineData(false, ReportFormat.Junit, "matrix.xml", true)]
    [InlineData(false, ReportFormat.Json, null, false)]
    [InlineData(false, ReportFormat.Junit, null, false)]
    [InlineData(true, ReportFormat.Table, null, false)]
    [InlineData(true, ReportFormat.Json, "matrix.json", false)]
    public void The_spinner_is_on_only_for_a_terminal_without_a_machine_report_on_stdout(bool errorRedirected, ReportFormat format, string? outPath, bool enabled) =>
        Assert.Equal(enabled, ProgressReporter.Enabled(errorRedirected, format, outPath));

    [Fact]
    public void Without_a_terminal_the_work_runs_and_a_kernel_step_is_a_plain_line()
    {
        var before = Console.Error;
        using var captured = new StringWriter();
        Console.SetError(captured);
        try
        {
            var result = ProgressReporter.Run("matrix", live: false, p =>
            {
                Assert.False(p.Live);
                p.Kernel("building arm64");
                p.CaseDone();
                p.CaseDone();
                return p.Text;
            });
            Assert.Equal("matrix: 2 cases done", result);
            // Other tests may write to stderr meanwhile; the line must be there whole.
            Assert.Contains("kernel: building arm64" + Environment.NewLine, captured.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            Console.SetError(before);
        }
    }

    /// <summary>
    /// On a terminal (stderr on a pseudo-terminal from script(1), the report redirected to a file) the spinner counts the
    /// cases and redraws its line: every status line but the last is followed by a cursor-up, so a person sees one line.
    /// A console that Spectre takes for non-interactive would print each update as a line of its own instead.
    /// </summary>
    [Fact]
    public void On_a_terminal_the_spinner_counts_cases_on_one_redrawn_line()
    {
        Assert.True(File.Exists("/usr/bin/script"), "script(1) from util-linux gives tpsim a terminal");
        using var dir = new TempDir();
        var tfm = new DirectoryInfo(AppContext.BaseDirectory);
        var dll = Path.Combine(CliProcess.RepoRoot, "src", "Cli", "bin", tfm.Parent!.Name, tfm.Name, "tpsim.dll");
        var psi = new System.Diagnostics.ProcessStartInfo("/usr/bin/script") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = dir.Path };
        foreach (var a in new[] { "-qefc", $"dotnet '{dll}' matrix --arch x86_64 --compiler all --config all --format markdown > m.md", "/dev/null" })
        {
            psi.ArgumentList.Add(a);
        }
        psi.Environment["DOTNET_NOLOGO"] = "1";
        psi.Environment["TERM"] = "xterm";
        using var process = System.Diagnostics.Process.Start(psi)!;
        var output = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(3)), output);
        Assert.True(process.ExitCode == 0, output);
        var statuses = System.Text.RegularExpressions.Regex.Count(output, @"matrix: \d+ cases done");
        var redraws = System.Text.RegularExpressions.Regex.Count(output, @"\u001b\[\d+A");
        Assert.True(statuses > 0, output);
        Assert.True(statuses <= redraws + 1, $"{statuses} status lines, {redraws} redraws:\n{output}");
        Assert.Matches(@"matrix: (\d+) cases, \1 as expected, 0 unexpected", output);
        Assert.Contains("### x86_64 (", File.ReadAllText(Path.Combine(dir.Path, "m.md")), StringComparison.Ordinal);
    }

    /// <summary>The CLI under a test has stderr redirected: a matrix run leaves nothing there but its totals line, no escape codes.</summary>
    [Fact]
    public void A_redirected_matrix_run_writes_only_the_totals_line_to_stderr()
    {
        var r = CliProcess.Run(TimeSpan.FromMinutes(3), CliProcess.RepoRoot, "matrix", "--arch", "riscv64", "--format", "json");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Matches(@"^matrix: \d+ cases, \d+ as expected, 0 unexpected \(riscv64 \d+/\d+\)\n$", r.Stderr);
        Assert.DoesNotContain('\u001b', r.Stderr);
    }
}
