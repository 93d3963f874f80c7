using System.Text.Json;
using Xunit;

namespace Tpsim.Tests.Cli;

/// <summary><c>tpsim explain</c> and <c>scenario --explain</c>: the text, the JSON steps contract, <c>--call</c>, and bad input.</summary>
public sealed class ExplainCommandTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static string Control(string isa, string name) => Path.Combine(CliProcess.RepoRoot, "src", "Arch", isa, "Controls", $"{name}.S");

    [Fact]
    public void Json_steps_follow_the_contract_and_mark_the_violation_on_its_step()
    {
        var r = CliProcess.Run(_dir.Path, "explain", "--arch", "arm64", "--stub", Control("arm64", "callee-pop"), "--format", "json");
        Assert.True(r.ExitCode == 1, r.ToString());
        using var doc = JsonDocument.Parse(r.Stdout);
        var root = doc.RootElement;
        Assert.Equal("unbalanced", root.GetProperty("verdict").GetString());
        Assert.Equal(1, root.GetProperty("call").GetInt32());
        Assert.Equal("tp_stub_func", root.GetProperty("callee").GetString());
        var steps = root.GetProperty("steps").EnumerateArray().ToList();
        Assert.True(steps.Count > 10, $"{steps.Count} steps");
        foreach (var s in steps)
        {
            foreach (var field in (string[])["address", "symbol", "offset", "bytes", "text", "registers", "memory", "spDelta"])
            {
                Assert.True(s.TryGetProperty(field, out _), $"a step without {field}: {s}");
            }
        }
        var add = steps.Single(s => s.GetProperty("text").GetString() == "add sp, sp, #0x10");
        Assert.Equal(16, add.GetProperty("spDelta").GetInt64());
        Assert.Equal("tp_stub_func", add.GetProperty("symbol").GetString());
        Assert.Equal("ff430091", add.GetProperty("bytes").GetString());
        Assert.Contains(add.GetProperty("registers").EnumerateArray(), x => x.GetProperty("name").GetString() == "sp");
        var marked = steps.Where(s => s.TryGetProperty("violation", out _)).ToList();
        Assert.Single(marked);
        Assert.Equal("ret", marked[0].GetProperty("text").GetString());
        Assert.Equal("stack-pointer", marked[0].GetProperty("violation").GetProperty("kind").GetString());
        var frame = root.GetProperty("frame");
        Assert.Equal(16, frame.GetProperty("spDelta").GetInt64());
        Assert.Equal("x30", frame.GetProperty("linkRegister").GetString());
    }

    [Fact]
    public void Text_names_the_instruction_the_sp_delta_and_the_frame()
    {
        var r = CliProcess.Run(_dir.Path, "explain", "--arch", "riscv64", "--stub", Control("riscv64", "callee-pop"));
        Assert.True(r.ExitCode == 1, r.ToString());
        Assert.Matches(@"tp_stub_func\+0x0\s+41 01\s+addi sp, sp, 0x10\s+sp 0x[0-9a-f]+ -> 0x[0-9a-f]+; sp \+16 bytes", r.Stdout);
        Assert.Contains(">> violation: call 1 (tp_stub_func): stack-pointer sp", r.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"sp after the return 0x[0-9a-f]+ \(\+16 bytes against the caller's\)", r.Stdout);
    }

    [Fact]
    public void Call_option_explains_the_probe_and_refuses_a_call_the_array_does_not_make()
    {
        var probe = CliProcess.Run(_dir.Path, "explain", "--arch", "x86_64", "--stub", Control("x86_64", "callee-pop"), "--call", "0", "--format", "json");
        Assert.True(probe.ExitCode == 1, probe.ToString());
        using var doc = JsonDocument.Parse(probe.Stdout);
        Assert.Equal("tp_probe_8", doc.RootElement.GetProperty("callee").GetString());
        // The probe's call is balanced: the violation belongs to call 1, which this trace does not show.
        Assert.DoesNotContain(doc.RootElement.GetProperty("steps").EnumerateArray(), s => s.TryGetProperty("violation", out _));
        Assert.Equal(0, doc.RootElement.GetProperty("frame").GetProperty("spDelta").GetInt64());

        var bad = CliProcess.Run(_dir.Path, "explain", "--arch", "x86_64", "--stub", Control("x86_64", "callee-pop"), "--call", "3");
        Assert.True(bad.ExitCode == 2, bad.ToString());
        Assert.Contains("--call", bad.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Scenario_explain_records_the_fire_on_that_line()
    {
        var r = CliProcess.Run(_dir.Path, "scenario", "--builtin", "seed", "--arch", "x86_64", "--strategy", "fail", "--explain", "45", "--format", "json");
        using var doc = JsonDocument.Parse(r.Stdout);
        var steps = doc.RootElement.GetProperty("runs")[0].GetProperty("steps").EnumerateArray().ToList();
        var explained = steps.Where(s => s.TryGetProperty("explain", out _)).ToList();
        Assert.Single(explained);
        Assert.Equal(45, explained[0].GetProperty("line").GetInt32());
        Assert.StartsWith("fire", explained[0].GetProperty("command").GetString(), StringComparison.Ordinal);
        var e = explained[0].GetProperty("explain");
        Assert.True(e.GetProperty("steps").GetArrayLength() > 5);
        // fail's fire after the failed removal calls the unloaded module's probe: the fault is marked on its step.
        Assert.Contains(e.GetProperty("steps").EnumerateArray(), s => s.TryGetProperty("fault", out _));
    }

    [Fact]
    public void Scenario_explain_on_the_real_kernel_shows_the_kcfi_check_failing_in_the_iterator()
    {
        string[] run = ["scenario", "--builtin", "seed", "--kernel", "linux-6.12", "--arch", "x86_64", "--config", "kcfi", "--format", "json", "--explain"];
        var trapped = Explained(CliProcess.Run(TimeSpan.FromMinutes(20), _dir.Path, [.. run, "29"]));
        var steps = trapped.GetProperty("steps").EnumerateArray().ToList();
        var at = steps.Single(s => s.TryGetProperty("trap", out _));
        Assert.Equal("kcfi", at.GetProperty("trap").GetProperty("kind").GetString());
        Assert.Equal("ud2", at.GetProperty("text").GetString());
        Assert.StartsWith("__traceiter_sched_switch", at.GetProperty("symbol").GetString(), StringComparison.Ordinal);
        // The check the compiler put before the indirect call: the hash compare, then the branch around ud2.
        Assert.Contains(steps, s => s.GetProperty("text").GetString()!.StartsWith("je ", StringComparison.Ordinal));
        Assert.Equal(JsonValueKind.Null, trapped.GetProperty("frame").ValueKind);

        // The first fire, with both probes in the array, passes the same check.
        var balanced = Explained(CliProcess.Run(TimeSpan.FromMinutes(20), _dir.Path, [.. run, "14"]));
        Assert.DoesNotContain(balanced.GetProperty("steps").EnumerateArray(), s => s.TryGetProperty("trap", out _) || s.TryGetProperty("violation", out _));
    }

    private static JsonElement Explained(CliResult r)
    {
        using var doc = JsonDocument.Parse(r.Stdout);
        var step = doc.RootElement.GetProperty("runs")[0].GetProperty("steps").EnumerateArray().Single(s => s.TryGetProperty("explain", out _));
        return step.GetProperty("explain").Clone();
    }

    [Fact]
    public void Scenario_explain_of_a_line_that_is_no_fire_is_exit_2_naming_the_fires()
    {
        var r = CliProcess.Run(_dir.Path, "scenario", "--builtin", "seed", "--arch", "x86_64", "--explain", "1");
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains("is no fire; the fires are on lines", r.Stderr, StringComparison.Ordinal);
    }
}
