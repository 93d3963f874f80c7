using System.Text.Json;
using System.Text.RegularExpressions;
using Xunit;

namespace Tpsim.Tests.Cli;

/// <summary><c>tpsim strategies</c>: the strategy x ISA comparison, every figure measured by a run.</summary>
public sealed class StrategiesCommandTests : IDisposable
{
    private static readonly string[] StrategyNames = ["fail", "nofail", "sentinel", "stub", "double-array", "typed-stub", "skip", "skip-fixed"];

    // Every ISA the CLI knows, in its order (IsaCatalog): the scenario commands run all of them by default.
    private static readonly string[] IsaNames = Isas.MatrixNames;

    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private CliResult Run(params string[] args) => CliProcess.Run(_dir.Path, args);

    private static Dictionary<string, JsonElement> ByName(JsonDocument doc) =>
        doc.RootElement.GetProperty("strategies").EnumerateArray().ToDictionary(s => s.GetProperty("name").GetString()!);

    private static List<(string Arch, JsonElement Cell)> Cells(JsonElement strategy) =>
        strategy.GetProperty("byArch").EnumerateObject().Select(p => (p.Name, p.Value)).ToList();

    private static List<string> SeedVerdicts(JsonElement cell) =>
        cell.GetProperty("seedVerdicts").EnumerateArray().Select(v => v.GetString()!).ToList();

    [Fact]
    public void Json_has_every_strategy_in_contract_order_on_every_isa()
    {
        var r = Run("strategies", "--format", "json");
        Assert.True(r.ExitCode == 0, r.ToString());
        using var doc = JsonDocument.Parse(r.Stdout);

        var strategies = doc.RootElement.GetProperty("strategies").EnumerateArray().ToList();
        Assert.Equal(StrategyNames, strategies.Select(s => s.GetProperty("name").GetString()).ToArray());
        foreach (var s in strategies)
        {
            var name = s.GetProperty("name").GetString();
            Assert.False(string.IsNullOrWhiteSpace(s.GetProperty("origin").GetString()), $"{name}: origin");
            Assert.False(string.IsNullOrWhiteSpace(s.GetProperty("summary").GetString()), $"{name}: summary");
            Assert.Equal(IsaNames, Cells(s).Select(c => c.Arch).ToArray());
            foreach (var (arch, cell) in Cells(s))
            {
                Assert.True(cell.GetProperty("seedPassed").GetBoolean(), $"{name}/{arch}");
                // One verdict per fire of the seed scenario.
                Assert.Equal(4, SeedVerdicts(cell).Count);
            }
        }
    }

    [Fact]
    public void Json_tells_fail_stub_and_the_sleeping_strategies_apart()
    {
        var r = Run("strategies", "--format", "json");
        Assert.True(r.ExitCode == 0, r.ToString());
        using var doc = JsonDocument.Parse(r.Stdout);
        var byName = ByName(doc);

        var fail = byName["fail"];
        Assert.True(fail.GetProperty("unregisterCanFail").GetBoolean());
        foreach (var (arch, cell) in Cells(fail))
        {
            var verdicts = SeedVerdicts(cell);
            Assert.True(verdicts[^1] == "fault", $"fail/{arch}: {string.Join(" ", verdicts)}");
            Assert.Equal("balanced", verdicts[0]);
        }

        var stub = byName["stub"];
        Assert.False(stub.GetProperty("unregisterCanFail").GetBoolean());
        foreach (var (arch, cell) in Cells(stub))
        {
            Assert.True(SeedVerdicts(cell).All(v => v == "balanced"), $"stub/{arch}: {string.Join(" ", SeedVerdicts(cell))}");
        }

        // The columns come from the runs: only fail's unregister fails, and every strategy's removal may sleep
        // (6.12's cond_synchronize_rcu in the transitions built-in); nofail's also in the allocator.
        Assert.Equal(["fail"], byName.Where(b => b.Value.GetProperty("unregisterCanFail").GetBoolean()).Select(b => b.Key));
        Assert.All(byName.Values, b => Assert.True(b.GetProperty("removalMaySleep").GetBoolean()));
        Assert.Contains(Cells(stub).SelectMany(c => c.Cell.GetProperty("removalSleeps").EnumerateArray()), z => z.GetString() == "transitions:17 cond_synchronize_rcu");
        Assert.Contains(Cells(byName["nofail"]).SelectMany(c => c.Cell.GetProperty("removalSleeps").EnumerateArray()), z => z.GetString() == "seed:20 kmalloc(__GFP_NOFAIL)");
        Assert.Contains(Cells(byName["double-array"]).SelectMany(c => c.Cell.GetProperty("removalSleeps").EnumerateArray()), z => z.GetString()!.EndsWith(" synchronize_rcu", StringComparison.Ordinal));
        Assert.Contains(Cells(fail).SelectMany(c => c.Cell.GetProperty("unregisterErrors").EnumerateArray()), z => z.GetString() == "seed:20 -ENOMEM");
    }

    [Fact]
    public void Instructions_per_fire_are_counted_not_constant()
    {
        var r = Run("strategies", "--format", "json");
        Assert.True(r.ExitCode == 0, r.ToString());
        using var doc = JsonDocument.Parse(r.Stdout);

        var counts = new List<long>();
        foreach (var (name, s) in ByName(doc))
        {
            foreach (var (arch, cell) in Cells(s))
            {
                var n = cell.GetProperty("instructionsPerFire").GetInt64();
                Assert.True(n > 0, $"{name}/{arch}: {n}");
                counts.Add(n);
            }
        }
        Assert.Equal(IsaNames.Length * StrategyNames.Length, counts.Count);
        Assert.True(counts.Distinct().Count() > 1, $"every cell shows {counts[0]} instructions");
    }

    [Fact]
    public void Arch_limits_the_json_to_the_named_isas()
    {
        var r = Run("strategies", "--arch", "riscv64", "--format", "json");
        Assert.True(r.ExitCode == 0, r.ToString());
        using var doc = JsonDocument.Parse(r.Stdout);
        foreach (var (_, s) in ByName(doc))
        {
            Assert.Equal(["riscv64"], Cells(s).Select(c => c.Arch).ToArray());
        }
    }

    [Fact]
    public void Table_for_arm64_names_every_strategy_and_only_the_arm64_column()
    {
        var r = Run("strategies", "--arch", "arm64");
        Assert.True(r.ExitCode == 0, r.ToString());
        var lines = r.Stdout.Split('\n');
        foreach (var name in StrategyNames)
        {
            // A row starts with the strategy's name (so "stub" does not match "typed-stub"): once in the table of what
            // the strategies do, once in the arm64 table.
            Assert.Equal(2, lines.Count(l => Regex.IsMatch(l, @"^\W*" + Regex.Escape(name) + @"\s")));
        }
        Assert.Contains("arm64:", r.Stdout);
        Assert.DoesNotContain("x86_64", r.Stdout);
        Assert.DoesNotContain("riscv64", r.Stdout);

        var fail = lines.Last(l => Regex.IsMatch(l, @"^\W*fail\s"));
        Assert.Contains("fault", fail);
        var stub = lines.Last(l => Regex.IsMatch(l, @"^\W*stub\s"));
        Assert.DoesNotContain("fault", stub);
    }

    [Fact]
    public void Unknown_arch_exits_2()
    {
        var r = Run("strategies", "--arch", "sparc");
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains("sparc", r.Stderr);
        Assert.Contains("arm64", r.Stderr);
    }
}
