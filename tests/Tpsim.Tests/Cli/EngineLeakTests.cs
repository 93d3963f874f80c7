using System.Text.RegularExpressions;
using Xunit;

namespace Tpsim.Tests.Cli;

/// <summary>
/// Every Unicorn engine a command opens is closed before it exits, on the normal path, when cases fail and
/// when the input is rejected: the count tpsim prints with TPSIM_ENGINE_STATS=1 must balance.
/// </summary>
public sealed partial class EngineLeakTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    public static TheoryData<string[]> Commands() => new()
    {
        new[] { "matrix" },
        new[] { "matrix", "--arch", "arm64", "--config", "kcfi,pac-bti" },
        new[] { "scenario", "--builtin", "seed", "--arch", "all", "--strategy", "all" },
        new[] { "strategies", "--arch", "x86_64,s390x" },
        new[] { "check", "--arch", "riscv64", "--stub", "src/Arch/riscv64/Controls/loop.S" },
    };

    [Theory]
    [MemberData(nameof(Commands))]
    public void Engines_opened_are_engines_closed(string[] args)
    {
        var r = CliProcess.RunWithEnvironment(TimeSpan.FromMinutes(3), CliProcess.RepoRoot, Stats, args);
        Assert.True(r.ExitCode is 0 or 1, r.ToString());
        var (opened, closed) = Counts(r.Stderr);
        Assert.True(opened > 0, r.Stderr);
        Assert.Equal(opened, closed);
    }

    /// <summary>A module that does not compile stops the run with exit 2 after machines were opened.</summary>
    [Fact]
    public void Engines_are_closed_when_a_scenario_is_rejected_mid_run()
    {
        _dir.Write("bad.c", "DECLARE_TRACEPOINT(t, 1);\nvoid p(void *data, long a) { return 1 +; }\n");
        _dir.Write("bad.tps", "tracepoint t 1\nmodule ok probes a\nmodule u source bad.c\nload ok\nload u\n");
        var r = CliProcess.RunWithEnvironment(TimeSpan.FromMinutes(3), _dir.Path, Stats, "scenario", "bad.tps", "--strategy", "all");
        Assert.True(r.ExitCode == 2, r.ToString());
        var (opened, closed) = Counts(r.Stderr);
        Assert.True(opened > 0, r.Stderr);
        Assert.Equal(opened, closed);
    }

    private static readonly Dictionary<string, string> Stats = new() { ["TPSIM_ENGINE_STATS"] = "1" };

    private static (long Opened, long Closed) Counts(string stderr)
    {
        var m = StatsLine().Match(stderr);
        Assert.True(m.Success, $"no engine statistics line in stderr:\n{stderr}");
        return (long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture),
            long.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture));
    }

    [GeneratedRegex(@"tpsim: engines opened (\d+), closed (\d+)")]
    private static partial Regex StatsLine();
}
