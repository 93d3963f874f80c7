using System.Text.Json;
using System.Xml.Linq;
using Xunit;

namespace Tpsim.Tests.Cli;

/// <summary><c>tpsim matrix</c> reports: the JSON contract and well-formed JUnit, one ISA each to keep the run short.</summary>
public sealed class MatrixCommandTests : IDisposable
{
    private static readonly TimeSpan MatrixTimeout = TimeSpan.FromMinutes(5);

    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>One ISA's cases run on several workers when there are cores to spare; the report keeps the matrix's order.</summary>
    [Fact]
    public void A_one_isa_matrix_reports_its_cases_in_the_matrix_order_whatever_the_workers()
    {
        var r = CliProcess.Run(MatrixTimeout, _dir.Path, "matrix", "--arch", "riscv64", "--config", "default,size", "--format", "json");
        Assert.True(r.ExitCode == 0, r.ToString());
        using var doc = JsonDocument.Parse(r.Stdout);
        var names = doc.RootElement.GetProperty("cases").EnumerateArray().Select(c => c.GetProperty("name").GetString()!).ToList();
        var isa = new Tpsim.Arch.Riscv64.Riscv64Backend();
        var size = new Tpsim.Emulator.Toolchain.BuildSpec(Tpsim.Emulator.Toolchain.CompilerKind.Clang, Tpsim.Emulator.Toolchain.BuildConfigs.Size);
        var expected = Tpsim.Harness.Cases.StubMatrix.Build(isa).Concat(Tpsim.Harness.Cases.StubMatrix.Build(isa, size)).Select(c => c.Name).ToList();
        Assert.Equal(expected, names);
    }

    [Fact]
    public void Json_lists_every_case_with_its_evidence_and_a_summary()
    {
        var r = CliProcess.Run(MatrixTimeout, _dir.Path, "matrix", "--arch", "x86_64", "--format", "json");
        Assert.True(r.ExitCode == 0, r.ToString());

        using var doc = JsonDocument.Parse(r.Stdout);
        var cases = doc.RootElement.GetProperty("cases").EnumerateArray().ToList();
        Assert.NotEmpty(cases);
        foreach (var c in cases)
        {
            Assert.Equal("x86_64", c.GetProperty("arch").GetString());
            Assert.False(string.IsNullOrEmpty(c.GetProperty("name").GetString()));
            Assert.InRange(c.GetProperty("args").GetInt32(), 0, 12);
            Assert.Equal(JsonValueKind.String, c.GetProperty("expected").ValueKind);
            Assert.Equal(JsonValueKind.String, c.GetProperty("verdict").ValueKind);
            Assert.True(c.GetProperty("ok").GetBoolean(), c.GetProperty("name").GetString());
            Assert.Equal(JsonValueKind.String, c.GetProperty("shape").ValueKind);
            Assert.False(string.IsNullOrEmpty(c.GetProperty("site").GetString()));
            Assert.Equal(JsonValueKind.String, c.GetProperty("stub").ValueKind);
            Assert.Equal(JsonValueKind.Array, c.GetProperty("violations").ValueKind);
            Assert.Contains(c.GetProperty("trap").ValueKind, new[] { JsonValueKind.Null, JsonValueKind.Object });
            Assert.Contains(c.GetProperty("fault").ValueKind, new[] { JsonValueKind.Null, JsonValueKind.Object });
            Assert.Equal(JsonValueKind.Array, c.GetProperty("notes").ValueKind);
            foreach (var v in c.GetProperty("violations").EnumerateArray())
            {
                Assert.Matches("^0x[0-9a-f]+$", v.GetProperty("expected").GetString()!);
                Assert.Matches("^0x[0-9a-f]+$", v.GetProperty("actual").GetString()!);
            }
        }

        // The negative controls are part of the default matrix: a checker that cannot fail proves nothing.
        Assert.Contains(cases, c => c.GetProperty("expected").GetString() != "balanced");
        var balanced = cases.Where(c => c.GetProperty("expected").GetString() == "balanced").ToList();
        Assert.Contains(balanced, c => c.GetProperty("site").GetString() == "c");
        Assert.Contains(balanced, c => c.GetProperty("site").GetString() == "asm");

        var summary = doc.RootElement.GetProperty("summary");
        Assert.Equal(cases.Count, summary.GetProperty("total").GetInt32());
        Assert.Equal(cases.Count, summary.GetProperty("ok").GetInt32());
        Assert.Equal(0, summary.GetProperty("failed").GetInt32());
        Assert.Equal(cases.Count, summary.GetProperty("byArch").GetProperty("x86_64").GetProperty("total").GetInt32());
    }

    [Fact]
    public void Junit_written_with_out_is_well_formed_and_the_console_gets_the_totals()
    {
        var file = Path.Combine(_dir.Path, "matrix.xml");
        var r = CliProcess.Run(MatrixTimeout, _dir.Path, "matrix", "--arch", "arm64", "--format", "junit", "--out", "matrix.xml");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("matrix:", r.Stdout);

        var doc = XDocument.Load(file);
        var suite = Assert.Single(doc.Root!.Elements("testsuite"));
        Assert.Equal("arm64", suite.Attribute("name")?.Value);
        var cases = suite.Elements("testcase").ToList();
        Assert.NotEmpty(cases);
        Assert.Equal(cases.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), suite.Attribute("tests")?.Value);
        Assert.Equal("0", suite.Attribute("failures")?.Value);
        Assert.Empty(doc.Descendants("failure"));
    }

    [Fact]
    public void Junit_lists_a_build_that_was_not_run_as_skipped_with_the_reason()
    {
        var file = Path.Combine(_dir.Path, "skips.xml");
        var r = CliProcess.Run(MatrixTimeout, _dir.Path, "matrix", "--arch", "riscv64", "--config", "default,pac-bti", "--format", "junit", "--out", "skips.xml");
        Assert.True(r.ExitCode == 0, r.ToString());

        var suite = Assert.Single(XDocument.Load(file).Root!.Elements("testsuite"));
        var skipped = Assert.Single(suite.Descendants("skipped"));
        Assert.Contains("pac-bti", skipped.Parent!.Attribute("name")?.Value, StringComparison.Ordinal);
        Assert.Contains("does not apply", skipped.Attribute("message")?.Value, StringComparison.Ordinal);
        Assert.Equal("1", suite.Attribute("skipped")?.Value);
        Assert.Equal(suite.Elements("testcase").Count().ToString(System.Globalization.CultureInfo.InvariantCulture), suite.Attribute("tests")?.Value);
    }
}
