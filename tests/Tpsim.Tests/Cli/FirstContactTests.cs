using Xunit;

namespace Tpsim.Tests.Cli;

/// <summary>
/// What a new user meets first: every wrong input is one line and exit 2, never a silent wrong answer, a stack trace
/// or a run that checks nothing and passes. Each case failed at 2630b0a (see the first-contact issue).
/// </summary>
public sealed class FirstContactTests : IDisposable
{
    private readonly TempDir _dir = new();

    private static string Stub => Path.Combine(CliProcess.RepoRoot, "src", "Arch", "x86_64", "stub.S");

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("icc")]
    [InlineData("gcc-12")]
    [InlineData("clang-19")]
    [InlineData("icc,")]
    public void An_unknown_compiler_is_a_usage_error_listing_the_known_ones(string compiler)
    {
        var r = CliProcess.Run(_dir.Path, "check", "--arch", "x86_64", "--stub", Stub, "--compiler", compiler, "--format", "json");

        Assert.Equal(2, r.ExitCode);
        Assert.Equal("", r.Stdout);
        Assert.Contains("--compiler: unknown value", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("clang, gcc, all", r.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--out", "matrix", "--arch", "x86_64", "--out")]
    [InlineData("--args", "check", "--arch", "x86_64", "--stub", "STUB", "--args")]
    [InlineData("--arch", "scenario", "--builtin", "smoke", "--arch")]
    public void An_option_without_its_value_is_a_usage_error_naming_it(string option, params string[] args)
    {
        var r = CliProcess.Run(_dir.Path, [.. args.Select(a => a == "STUB" ? Stub : a)]);

        Assert.Equal(2, r.ExitCode);
        Assert.Equal($"tpsim: {option}: the option needs a value\n", r.Stderr);
        Assert.Empty(Directory.GetFiles(_dir.Path));
    }

    [Theory]
    [InlineData("matrix", "--arch", "x86_64", "--config", "pac-bti")]
    [InlineData("scenario", "--builtin", "seed", "--arch", "x86_64", "--config", "pac-bti")]
    [InlineData("crosscheck", "--arch", "riscv64", "--config", "ibt")]
    public void A_selection_that_runs_nothing_is_a_usage_error_with_the_reason(params string[] args)
    {
        var r = CliProcess.Run(_dir.Path, args);

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("nothing to run", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("does not apply", r.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("# only a comment\n\n   \n")]
    public void An_empty_scenario_is_a_usage_error(string text)
    {
        var file = _dir.Write("empty.tps", text);

        var r = CliProcess.Run(_dir.Path, "scenario", file, "--arch", "x86_64");

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("empty.tps:1: the scenario has no steps", r.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("data.c", "long tp_stub_func = 0xc3;\n", "data, not code")]
    [InlineData("array.c", "char tp_stub_func[64];\n", "data, not code")]
    [InlineData("static.c", "static void tp_stub_func(void) { }\nvoid *keep = tp_stub_func;\n", "local to the file")]
    public void A_stub_that_is_not_a_global_function_is_refused(string name, string text, string why)
    {
        var file = _dir.Write(name, text);

        var r = CliProcess.Run(_dir.Path, "check", "--arch", "x86_64", "--stub", file);

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("'tp_stub_func' is not a global function", r.Stderr, StringComparison.Ordinal);
        Assert.Contains(why, r.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("matrix", "table")]
    [InlineData("matrix", "json")]
    [InlineData("scenario", "table")]
    [InlineData("scenario", "json")]
    public void A_report_that_cannot_be_written_is_one_line_and_exit_2(string command, string format)
    {
        string[] selection = command == "matrix" ? ["matrix", "--arch", "x86_64"] : ["scenario", "--builtin", "smoke", "--arch", "x86_64"];

        var empty = CliProcess.Run(_dir.Path, [.. selection, "--format", format, "--out", ""]);
        var full = CliProcess.Run(_dir.Path, [.. selection, "--format", format, "--out", "/dev/full"]);
        var closed = CliProcess.RunWithStdoutClosed(_dir.Path, [.. selection, "--format", format]);

        Assert.Equal((2, "tpsim: --out: the file name is empty\n"), (empty.ExitCode, empty.Stderr));
        Assert.Equal(2, full.ExitCode);
        Assert.StartsWith("tpsim: cannot write the report to /dev/full: No space left on device", full.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, closed.ExitCode);
        Assert.Contains("tpsim: cannot write the report to standard output:", closed.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", full.Stderr + closed.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_binary_given_as_a_stub_is_refused_before_the_compiler_sees_it()
    {
        var file = Path.Combine(_dir.Path, "binary.S");
        File.Copy("/bin/ls", file);

        var r = CliProcess.Run(_dir.Path, "check", "--arch", "x86_64", "--stub", file);

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("binary.S:1: the file holds a NUL byte", r.Stderr, StringComparison.Ordinal);
        Assert.True(r.Stderr.Length < 1000, r.ToString());
    }

    [Fact]
    public void Compiler_diagnostics_are_capped_with_a_count_of_the_rest()
    {
        var file = _dir.Write("many.S", string.Join('\n', Enumerable.Range(0, 200).Select(i => $"bogus_{i} %rax")) + "\n");

        var r = CliProcess.Run(_dir.Path, "check", "--arch", "x86_64", "--stub", file);

        Assert.Equal(2, r.ExitCode);
        var lines = r.Stderr.TrimEnd().Split('\n');
        Assert.InRange(lines.Length, 20, 22);
        Assert.Matches(@"^\.\.\. and \d+ more lines$", lines[^1]);
    }

    [Fact]
    public void An_oversized_stub_names_the_slot_and_its_size()
    {
        var file = _dir.Write("big.S", ".text\n.globl tp_stub_func\ntp_stub_func:\n" + string.Concat(Enumerable.Repeat("\tnop\n", 100_000)) + "\tret\n");

        var r = CliProcess.Run(_dir.Path, "check", "--arch", "x86_64", "--stub", file);

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("too large for the harness's stub slot", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("100 KiB", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("60 KiB", r.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("UC_ERR_MAP", r.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/etc/passwd", "must be a .c file")]
    [InlineData("sub", "is a directory, not a file")]
    [InlineData("probe.txt", "must be a .c file")]
    public void A_module_source_must_be_a_c_file(string source, string why)
    {
        Directory.CreateDirectory(Path.Combine(_dir.Path, "sub"));
        _dir.Write("probe.txt", "void p(void *d, long a) { }\n");
        var file = _dir.Write("m.tps", $"tracepoint tp 1\nmodule m source {source}\n");

        var r = CliProcess.Run(_dir.Path, "scenario", file, "--arch", "x86_64");

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("m.tps:2:", r.Stderr, StringComparison.Ordinal);
        Assert.Contains(why, r.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("root:", r.Stdout + r.Stderr, StringComparison.Ordinal);
    }
}
