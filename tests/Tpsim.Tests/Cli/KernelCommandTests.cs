using System.Text.Json;
using Xunit;

namespace Tpsim.Tests.Cli;

/// <summary>
/// The real-kernel commands as a user runs them, in a tpsim process: <c>kernel prepare</c>, <c>kernel list</c>, and
/// <c>scenario --kernel linux-6.12</c> with the seed on the three real-kernel ISAs; bad input is exit 2 with one line.
/// </summary>
[Collection(Linux.Build.KernelBuildCollection.Name)]
public sealed class KernelCommandTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private CliResult Run(params string[] args) => CliProcess.Run(TimeSpan.FromMinutes(15), _dir.Path, args);

    [Fact]
    public void Prepare_then_list_show_the_builds_and_a_second_prepare_finds_them_cached()
    {
        var first = Run("kernel", "prepare", "--kernel", "linux-6.12", "--arch", "x86_64,arm64,riscv64");
        Assert.True(first.ExitCode == 0, first.ToString());
        var second = Run("kernel", "prepare", "--kernel", "linux-6.12", "--arch", "x86_64,arm64,riscv64");
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Equal(3, second.Stdout.Split('\n').Count(l => l.Contains("(cached; built in", StringComparison.Ordinal)));
        Assert.DoesNotContain("make ", second.Stderr, StringComparison.Ordinal);
        var list = Run("kernel", "list");
        Assert.True(list.ExitCode == 0, list.ToString());
        foreach (var isa in new[] { "x86_64", "arm64", "riscv64" })
        {
            Assert.Contains($"linux-6.12 (6.12.118) {isa} clang/default", list.Stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_seed_scenario_runs_on_the_real_kernel_and_its_json_names_the_kernel()
    {
        var r = Run("scenario", "--builtin", "seed", "--kernel", "linux-6.12", "--arch", "x86_64,arm64,riscv64", "--format", "json");
        Assert.True(r.ExitCode == 0, r.ToString());
        using var json = JsonDocument.Parse(r.Stdout);
        var runs = json.RootElement.GetProperty("runs").EnumerateArray().ToList();
        Assert.Equal(["x86_64", "arm64", "riscv64"], runs.Select(x => x.GetProperty("arch").GetString()));
        foreach (var run in runs)
        {
            Assert.Equal("stub", run.GetProperty("strategy").GetString());
            var kernel = run.GetProperty("kernel");
            Assert.Equal("linux-6.12", kernel.GetProperty("spec").GetString());
            Assert.Equal("6.12.118", kernel.GetProperty("version").GetString());
            Assert.Equal("clang", kernel.GetProperty("compiler").GetString());
            Assert.Equal("default", kernel.GetProperty("config").GetString());
        }
    }

    [Theory]
    [InlineData("unknown strategy 'bogus'", "scenario", "--builtin", "seed", "--kernel", "linux-6.12", "--strategy", "bogus")]
    [InlineData("unknown strategy ','", "scenario", "--builtin", "seed", "--kernel", "linux-6.12", "--strategy", ",")]
    [InlineData("ppc64 clang/kcfi: kcfi does not apply to this ISA", "scenario", "--builtin", "seed", "--kernel", "linux-6.12", "--arch", "ppc64", "--config", "kcfi")]
    [InlineData("--patch applies to a real tree", "scenario", "--builtin", "seed", "--patch", "x.patch")]
    [InlineData("--patch applies to a real tree", "matrix", "--patch", "x.patch")]
    [InlineData("--patch applies to a real tree", "strategies", "--patch", "x.patch")]
    [InlineData("ppc64 clang/kcfi: kcfi does not apply to this ISA", "matrix", "--kernel", "linux-6.12", "--arch", "ppc64", "--config", "kcfi")]
    [InlineData("no such directory and no kernel of that name", "kernel", "prepare", "--kernel", "linux-9.99")]
    [InlineData("not a Linux kernel source tree", "kernel", "prepare", "--kernel", ".")]
    [InlineData("the simulated kernel (model) needs no build", "kernel", "prepare", "--kernel", "model")]
    [InlineData("nothing to run: no requested build applies", "kernel", "prepare", "--kernel", "linux-6.12", "--arch", "x86_64", "--config", "pac-bti")]
    public void Bad_kernel_input_is_exit_2_with_one_line(string message, params string[] args)
    {
        var r = Run(args);
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains(message, r.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", r.Stderr, StringComparison.Ordinal);
    }

    /// <summary>A selection where some builds do not apply runs the rest and names the skipped ones; it is not exit 2.</summary>
    [Fact]
    public void A_selection_runs_the_builds_that_apply_and_names_the_others()
    {
        var r = Run("scenario", "--builtin", "seed", "--kernel", "linux-6.12", "--arch", "x86_64", "--config", "default,pac-bti", "--format", "json");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("kernel: skipped x86_64 clang/pac-bti: pac-bti does not apply to this ISA", r.Stderr, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(r.Stdout);
        Assert.Single(json.RootElement.GetProperty("runs").EnumerateArray());
    }

    [Fact]
    public void The_matrix_runs_on_the_real_kernel_and_its_json_names_the_kernel_and_the_real_site()
    {
        var r = Run("matrix", "--kernel", "linux-6.12", "--arch", "x86_64,arm64,riscv64", "--format", "json");
        Assert.True(r.ExitCode == 0, r.ToString());
        using var json = JsonDocument.Parse(r.Stdout);
        var kernel = json.RootElement.GetProperty("kernel");
        Assert.Equal("linux-6.12", kernel.GetProperty("spec").GetString());
        Assert.Equal("6.12.118", kernel.GetProperty("version").GetString());
        var cases = json.RootElement.GetProperty("cases").EnumerateArray().ToList();
        Assert.All(cases, c => Assert.Equal("kernel", c.GetProperty("site").GetString()));
        Assert.Equal(["arm64", "riscv64", "x86_64"], cases.Select(c => c.GetProperty("arch").GetString()).Distinct().Order());
        Assert.Contains(cases, c => c.GetProperty("stub").GetString() == "tp_stub_func" && c.GetProperty("shape").GetString() == "stub-middle" && c.GetProperty("args").GetInt32() == 12);
        Assert.Equal(0, json.RootElement.GetProperty("summary").GetProperty("failed").GetInt32());
        Assert.Contains("matrix: ", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void The_strategies_table_runs_on_the_real_kernel_for_every_strategy_that_comes_as_a_patch()
    {
        // One ISA: each strategy is a kernel of its own, default and kcfi (LinuxStrategiesTests covers the other ISAs).
        var r = Run("strategies", "--kernel", "linux-6.12", "--arch", "x86_64", "--format", "json");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("kernel: strategies as patches: fail, nofail, sentinel, stub, double-array, typed-stub, skip, skip-fixed", r.Stderr, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(r.Stdout);
        Assert.Equal("linux-6.12", json.RootElement.GetProperty("kernel").GetProperty("spec").GetString());
        var rows = json.RootElement.GetProperty("strategies").EnumerateArray().ToDictionary(s => s.GetProperty("name").GetString()!);
        Assert.Equal(["fail", "nofail", "sentinel", "stub", "double-array", "typed-stub", "skip", "skip-fixed"], rows.Keys);
        foreach (var isa in new[] { "x86_64" })
        {
            foreach (var (name, row) in rows)
            {
                var cell = row.GetProperty("byArch").GetProperty(isa);
                Assert.True(cell.GetProperty("seedPassed").GetBoolean(), $"{name} {isa}");
                Assert.True(cell.GetProperty("instructionsPerFire").GetInt64() > 0);
            }
            Assert.Equal(["balanced", "trap", "trap", "balanced"], rows["stub"].GetProperty("byArch").GetProperty(isa).GetProperty("kcfiVerdicts").EnumerateArray().Select(v => v.GetString()));
            Assert.Equal(["balanced", "timeout", "timeout", "balanced"], rows["skip"].GetProperty("byArch").GetProperty(isa).GetProperty("seedVerdicts").EnumerateArray().Select(v => v.GetString()));
            Assert.True(rows["fail"].GetProperty("unregisterFailedInSeed").GetBoolean());
            Assert.Equal(["balanced", "balanced", "balanced", "balanced"], rows["typed-stub"].GetProperty("byArch").GetProperty(isa).GetProperty("kcfiVerdicts").EnumerateArray().Select(v => v.GetString()));
        }
        // The first two columns come from the runs: only fail's unregister fails; every strategy on 6.12 may sleep
        // in a removal (the transitions built-in's cond_synchronize_rcu), and the evidence is listed.
        Assert.Equal(["fail"], rows.Where(r => r.Value.GetProperty("unregisterCanFail").GetBoolean()).Select(r => r.Key));
        Assert.All(rows.Values, r => Assert.True(r.GetProperty("removalMaySleep").GetBoolean()));
        Assert.Contains(rows["double-array"].GetProperty("byArch").GetProperty("x86_64").GetProperty("removalSleeps").EnumerateArray(),
            z => z.GetString()!.EndsWith(" synchronize_rcu", StringComparison.Ordinal));
        Assert.Contains(rows["nofail"].GetProperty("byArch").GetProperty("x86_64").GetProperty("removalSleeps").EnumerateArray(),
            z => z.GetString()!.EndsWith(" kmalloc(__GFP_NOFAIL)", StringComparison.Ordinal));
    }
}
