using Xunit;

namespace Tpsim.Tests.Cli;

/// <summary>Bad input ends with exit code 2 and a message that says what was wrong, never a crash (70) or a hang.</summary>
public sealed class CliUsageErrorTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private CliResult Run(params string[] args) => CliProcess.Run(_dir.Path, args);

    [Fact]
    public void Help_exits_0_and_names_both_commands()
    {
        var r = Run("--help");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("matrix", r.Stdout);
        Assert.Contains("check", r.Stdout);
    }

    [Theory]
    [InlineData("check", "--arch", "sparc", "--stub", "stub.S")]
    [InlineData("matrix", "--arch", "sparc")]
    [InlineData("matrix", "--arch", "x86_64,ppc64le")]
    public void Unknown_isa_exits_2_and_lists_the_known_ones(params string[] args)
    {
        _dir.Write("stub.S", Stubs.X86Balanced);
        var r = Run(args);
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains("x86_64", r.Stderr);
        Assert.Contains("arm64", r.Stderr);
        Assert.Contains("riscv64", r.Stderr);
    }

    [Fact]
    public void Missing_stub_file_exits_2_and_names_it()
    {
        var r = Run("check", "--arch", "x86_64", "--stub", "no_such_stub.S");
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains("no_such_stub.S", r.Stderr);
    }

    [Fact]
    public void Stub_that_is_not_c_or_asm_exits_2()
    {
        _dir.Write("stub.txt", "nothing");
        var r = Run("check", "--arch", "x86_64", "--stub", "stub.txt");
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains("stub.txt", r.Stderr);
    }

    [Fact]
    public void Stub_that_does_not_assemble_exits_2_with_the_assemblers_file_line_col()
    {
        _dir.Write("bad.S", Stubs.Malformed);
        var r = Run("check", "--arch", "x86_64", "--stub", "bad.S");
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Matches(@"bad\.S:4:\d+", r.Stderr);
    }

    [Theory]
    [InlineData("13")]
    [InlineData("-1")]
    [InlineData("abc")]
    [InlineData("99999999999")]
    public void Args_outside_0_to_12_exits_2(string args)
    {
        _dir.Write("stub.S", Stubs.X86Balanced);
        var r = Run("check", "--arch", "x86_64", "--stub", "stub.S", "--args", args);
        Assert.True(r.ExitCode == 2, r.ToString());
    }

    [Theory]
    [InlineData("matrix", "--frobnicate")]
    [InlineData("check", "--arch", "x86_64", "--stub", "stub.S", "--nope")]
    [InlineData("frobnicate")]
    public void Unknown_option_or_command_exits_2(params string[] args)
    {
        _dir.Write("stub.S", Stubs.X86Balanced);
        var r = Run(args);
        Assert.True(r.ExitCode == 2, r.ToString());
    }

    [Theory]
    [InlineData("matrix", "--format", "yaml")]
    [InlineData("check", "--arch", "x86_64", "--stub", "stub.S", "--format", "junit")]
    [InlineData("check", "--arch", "x86_64", "--stub", "stub.S", "--site", "rust")]
    public void Unknown_choice_exits_2_and_lists_the_allowed_values(string command, params string[] rest)
    {
        _dir.Write("stub.S", Stubs.X86Balanced);
        var r = Run([command, .. rest]);
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains("expected one of", r.Stderr);
    }

    [Fact]
    public void Check_without_arch_exits_2()
    {
        _dir.Write("stub.S", Stubs.X86Balanced);
        var r = Run("check", "--stub", "stub.S");
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains("--arch", r.Stderr);
    }

    [Fact]
    public void Out_into_a_missing_directory_exits_2_before_running_anything()
    {
        var r = Run("matrix", "--arch", "x86_64", "--out", Path.Combine("missing-dir", "report.json"));
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains("missing-dir", r.Stderr);
    }
}
