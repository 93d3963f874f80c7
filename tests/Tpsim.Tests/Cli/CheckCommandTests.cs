using System.Text.Json;
using Xunit;

namespace Tpsim.Tests.Cli;

/// <summary><c>tpsim check</c> on the user's own stub: exit code and the JSON contract.</summary>
public sealed class CheckCommandTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Balanced_stub_exits_0_with_the_json_contract()
    {
        _dir.Write("ret.S", Stubs.X86Balanced);
        var r = CliProcess.Run(_dir.Path, "check", "--arch", "x86_64", "--stub", "ret.S", "--args", "10", "--format", "json");
        Assert.True(r.ExitCode == 0, r.ToString());

        using var doc = JsonDocument.Parse(r.Stdout);
        var root = doc.RootElement;
        Assert.Equal(JsonValueKind.Object, root.ValueKind);
        Assert.Equal("x86_64", root.GetProperty("arch").GetString());
        Assert.Equal(10, root.GetProperty("args").GetInt32());
        Assert.Equal("balanced", root.GetProperty("verdict").GetString());
        Assert.Equal(JsonValueKind.Array, root.GetProperty("violations").ValueKind);
        Assert.Equal(0, root.GetProperty("violations").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("trap").ValueKind);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("fault").ValueKind);
    }

    [Fact]
    public void Stub_clobbering_rbx_exits_1_and_names_the_register_with_hex_values()
    {
        _dir.Write("clobber.S", Stubs.X86ClobbersRbx);
        var r = CliProcess.Run(_dir.Path, "check", "--arch", "x86_64", "--stub", "clobber.S", "--format", "json");
        Assert.True(r.ExitCode == 1, r.ToString());

        using var doc = JsonDocument.Parse(r.Stdout);
        var root = doc.RootElement;
        Assert.Equal("unbalanced", root.GetProperty("verdict").GetString());
        Assert.Equal(8, root.GetProperty("args").GetInt32());
        var violations = root.GetProperty("violations").EnumerateArray().ToList();
        Assert.NotEmpty(violations);
        var rbx = Assert.Single(violations, v => v.GetProperty("register").GetString() == "rbx");
        Assert.Equal("callee-saved", rbx.GetProperty("kind").GetString());
        Assert.Matches("^0x[0-9a-f]+$", rbx.GetProperty("expected").GetString()!);
        Assert.Equal("0x1badc0de", rbx.GetProperty("actual").GetString());
        Assert.Equal(JsonValueKind.Number, rbx.GetProperty("call").ValueKind);
        Assert.Equal(JsonValueKind.String, rbx.GetProperty("callee").ValueKind);
    }

    [Fact]
    public void Table_format_prints_the_verdict()
    {
        _dir.Write("ret.S", Stubs.X86Balanced);
        var r = CliProcess.Run(_dir.Path, "check", "--arch", "x86_64", "--stub", "ret.S");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("balanced", r.Stdout);
    }
}
