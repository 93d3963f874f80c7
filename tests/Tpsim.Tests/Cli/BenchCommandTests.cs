using System.Text.Json;
using Xunit;

namespace Tpsim.Tests.Cli;

/// <summary>
/// <c>tpsim bench --format json</c> keeps its contract. Only the shape and the sanity of the numbers are tested:
/// speed goals belong to the benchmark's own report, never to a timed test.
/// </summary>
public sealed class BenchCommandTests
{
    [Fact]
    public void Bench_json_has_every_contract_field_with_measured_values()
    {
        var r = CliProcess.Run(TimeSpan.FromMinutes(10), CliProcess.RepoRoot, "bench", "--arch", "riscv64", "--format", "json");
        Assert.True(r.ExitCode == 0, r.ToString());
        using var doc = JsonDocument.Parse(r.Stdout);
        var root = doc.RootElement;
        Assert.True(root.GetProperty("perCaseSpeedupVsQemu").GetDouble() > 1, "a warm case in tpsim must beat starting a qemu process");
        Assert.True(root.GetProperty("fireRateVsC").GetProperty("riscv64").GetDouble() > 0);
        Assert.True(root.GetProperty("coldMatrixVsCompileOnly").GetDouble() > 0);
        Assert.True(root.GetProperty("peakMemoryMB").GetDouble() > 0);
        var raw = root.GetProperty("raw");
        var perCase = raw.GetProperty("perCase").GetProperty("riscv64");
        Assert.Equal(52, perCase.GetProperty("cases").GetInt32());
        Assert.True(perCase.GetProperty("tpsimMedianUs").GetDouble() > 0);
        Assert.True(perCase.GetProperty("oracleMedianUs").GetDouble() > 0);
        var fire = raw.GetProperty("fireRate").GetProperty("riscv64");
        Assert.True(fire.GetProperty("tpsimFiresPerSecond").GetDouble() > 0);
        Assert.True(fire.GetProperty("cFiresPerSecond").GetDouble() > 0);
        Assert.True(raw.GetProperty("coldMatrix").GetProperty("compilerProcesses").GetInt32() > 0);
        // The default matrix: every ISA's cases, as the registry and the controls make it today.
        Assert.Equal(global::Tpsim.Arch.IsaRegistry.All.Sum(i => global::Tpsim.Harness.Cases.StubMatrix.Build(i).Count), raw.GetProperty("coldMatrix").GetProperty("cases").GetInt32());
        Assert.True(root.GetProperty("nproc").GetInt32() > 0);
        // The real kernel: riscv64 built from nothing (make ran), then found cached (no make); the warm seed ran.
        Assert.True(root.GetProperty("kernelColdBuildSeconds").GetProperty("riscv64").GetDouble() > 0);
        Assert.True(root.GetProperty("kernelWarmSeedSeconds").GetDouble() > 0);
        var cold = raw.GetProperty("kernel").GetProperty("coldBuild").GetProperty("riscv64");
        Assert.True(cold.GetProperty("makeRuns").GetInt32() >= 4, "defconfig, olddefconfig, modules_prepare, tracepoint.o and the modules");
        Assert.Equal(0, cold.GetProperty("secondRunMakeRuns").GetInt32());
    }
}
