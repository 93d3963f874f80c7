using System.Text.Json;
using Xunit;

namespace Tpsim.Tests.Cli;

/// <summary><c>tpsim crosscheck</c> and <c>tpsim check --generated --oracle</c>: exit codes, the JSON contract, and a run that must disagree.</summary>
public sealed class CrossCheckCommandTests
{
    [Fact]
    public void Crosscheck_agrees_on_two_isas_with_the_json_contract_and_balanced_engines()
    {
        var r = CliProcess.Run(TimeSpan.FromMinutes(5), CliProcess.RepoRoot, "crosscheck", "--arch", "x86_64,s390x", "--cases", "8", "--seed", "3", "--format", "json");
        Assert.True(r.ExitCode == 0, r.ToString());
        using var doc = JsonDocument.Parse(r.Stdout);
        var root = doc.RootElement;
        var agreement = root.GetProperty("agreement");
        Assert.Equal(["x86_64", "s390x"], agreement.EnumerateObject().Select(p => p.Name));
        foreach (var isa in agreement.EnumerateObject())
        {
            var cases = isa.Value.GetProperty("cases").GetInt32();
            var agree = isa.Value.GetProperty("agree").GetInt32();
            Assert.True(cases > 8, isa.Name);
            Assert.Equal(0, isa.Value.GetProperty("disagree").GetInt32());
            Assert.Equal(cases, agree + isa.Value.GetProperty("excluded").GetInt32());
        }
        Assert.Equal(0, root.GetProperty("disagreements").GetArrayLength());
        var robustness = root.GetProperty("robustness");
        Assert.Equal(0, robustness.GetProperty("hostErrors").GetInt32());
        Assert.True(robustness.GetProperty("enginesOpened").GetInt64() > 0);
        Assert.Equal(robustness.GetProperty("enginesOpened").GetInt64(), robustness.GetProperty("enginesClosed").GetInt64());
        Assert.True(robustness.GetProperty("peakMemoryMB").GetDouble() > 0);
    }

    /// <summary>
    /// The negative control of the command: an oracle given 1 ms times out on everything, so every case must
    /// be a disagreement, the exit code 1, and a generated one comes back shrunk as a check command.
    /// </summary>
    [Fact]
    public void Crosscheck_with_an_oracle_that_cannot_finish_disagrees_and_exits_1()
    {
        var r = CliProcess.Run(TimeSpan.FromMinutes(5), CliProcess.RepoRoot, "crosscheck", "--arch", "riscv64", "--cases", "2", "--oracle-timeout", "1", "--format", "json");
        Assert.True(r.ExitCode == 1, r.ToString());
        using var doc = JsonDocument.Parse(r.Stdout);
        var root = doc.RootElement;
        var riscv = root.GetProperty("agreement").GetProperty("riscv64");
        Assert.True(riscv.GetProperty("disagree").GetInt32() > 0);
        var disagreements = root.GetProperty("disagreements").EnumerateArray().ToList();
        Assert.Equal(riscv.GetProperty("disagree").GetInt32(), disagreements.Count);
        Assert.All(disagreements, d =>
        {
            Assert.False(string.IsNullOrEmpty(d.GetProperty("case").GetString()));
            Assert.False(string.IsNullOrEmpty(d.GetProperty("tpsim").GetString()));
            Assert.False(string.IsNullOrEmpty(d.GetProperty("oracle").GetString()));
        });
        var shrunk = disagreements.Where(d => d.TryGetProperty("reproduce", out _)).Select(d => d.GetProperty("reproduce").GetString()!).ToList();
        Assert.NotEmpty(shrunk);
        Assert.All(shrunk, s => Assert.StartsWith("./tpsim check --arch riscv64 --compiler clang --config default --generated '", s));
    }

    [Fact]
    public void Check_generated_with_oracle_reports_the_prediction_and_the_oracle()
    {
        var r = CliProcess.Run(CliProcess.RepoRoot, "check", "--arch", "arm", "--generated", "proto=u64,i,c;array=PSP;body=clobber:2:5,ret", "--oracle", "--format", "json");
        Assert.True(r.ExitCode == 1, r.ToString());
        using var doc = JsonDocument.Parse(r.Stdout);
        var root = doc.RootElement;
        Assert.Equal("unbalanced", root.GetProperty("verdict").GetString());
        Assert.Equal("unbalanced", root.GetProperty("predicted").GetString());
        Assert.Equal("callee-saved", root.GetProperty("predictedKind").GetString());
        Assert.Equal("callee-saved", root.GetProperty("oracle").GetProperty("kind").GetString());
        Assert.Equal(1, root.GetProperty("oracle").GetProperty("call").GetInt32());
        Assert.False(root.TryGetProperty("disagreement", out _));
    }

    [Theory]
    [InlineData("proto=q;array=P;body=ret", "unknown argument type 'q'")]
    [InlineData("proto=l;array=PX;body=ret", "must be 1..6 letters P (probe) or S (stub)")]
    [InlineData("proto=l;array=P;body=set:1:0,ret", "bad step 'set:1:0'")]
    [InlineData("proto=l;array=P", "needs proto=TYPES;array=ENTRIES;body=STEPS,END")]
    public void Malformed_generated_spec_exits_2_naming_the_problem(string spec, string message)
    {
        var r = CliProcess.Run(CliProcess.RepoRoot, "check", "--arch", "x86_64", "--generated", spec);
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains(message, r.Stderr, StringComparison.Ordinal);
    }
}
