using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Xunit;

namespace Tpsim.Tests.Cli;

/// <summary>
/// <c>--shard</c> and <c>tpsim merge</c> end to end: the real matrix and cross-check run whole and in three shards (and
/// per ISA), and the merged report must be the whole run's case for case; a missing or doubled shard must be refused.
/// </summary>
public sealed class MergeCommandTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    private static readonly string[] Matrix = ["matrix", "--arch", "x86_64,arm64"];

    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Three_matrix_shards_are_disjoint_and_merge_into_the_unsharded_json_case_for_case()
    {
        var whole = Run([.. Matrix, "--format", "json", "--out", "whole.json"]);
        for (var i = 1; i <= 3; i++)
        {
            Run([.. Matrix, "--shard", $"{i}/3", "--format", "json", "--out", $"shard{i}.json"]);
        }
        var wholeDoc = Load("whole.json");
        var parts = Enumerable.Range(1, 3).Select(i => Load($"shard{i}.json")).ToList();

        // Each shard runs a third, none is empty, no case is in two, and together they are the whole run.
        var names = parts.Select(p => Names(p)).ToList();
        Assert.All(names, n => Assert.NotEmpty(n));
        Assert.Equal(names.Sum(n => n.Count), names.SelectMany(n => n).Distinct().Count());
        Assert.Equal(Names(wholeDoc).Order(StringComparer.Ordinal), names.SelectMany(n => n).Order(StringComparer.Ordinal));
        Assert.All(parts.Select((p, i) => p["shard"]!), (s, i) => Assert.Equal(i + 1, (int)s["index"]!));

        var merged = Run(["merge", "shard1.json", "shard2.json", "shard3.json", "--out", "merged.json"]);
        AssertSameCases(wholeDoc, Load("merged.json"));
        Assert.Equal(TotalsLine(whole.Stdout), TotalsLine(merged.Stdout));
        Assert.Null(Load("merged.json")["shard"]);
    }

    [Fact]
    public void One_run_per_isa_merges_into_the_run_of_both()
    {
        Run([.. Matrix, "--format", "json", "--out", "whole.json"]);
        Run(["matrix", "--arch", "arm64", "--format", "json", "--out", "arm64.json"]);
        Run(["matrix", "--arch", "x86_64", "--format", "json", "--out", "x86_64.json"]);

        // Given in the shell's (alphabetical) order, merged in the registry's, which is --arch x86_64,arm64's.
        Run(["merge", "arm64.json", "x86_64.json", "--out", "merged.json"]);
        AssertSameCases(Load("whole.json"), Load("merged.json"));
    }

    [Fact]
    public void Three_junit_shards_merge_into_the_unsharded_junit_and_json_shards_into_junit_too()
    {
        Run([.. Matrix, "--format", "junit", "--out", "whole.xml"]);
        for (var i = 1; i <= 3; i++)
        {
            Run([.. Matrix, "--shard", $"{i}/3", "--format", "junit", "--out", $"shard{i}.xml"]);
            Run([.. Matrix, "--shard", $"{i}/3", "--format", "json", "--out", $"shard{i}.json"]);
        }
        var whole = XDocument.Load(Path.Combine(_dir.Path, "whole.xml"));
        Assert.All(Enumerable.Range(1, 3), i => Assert.NotEmpty(Testcases(XDocument.Load(Path.Combine(_dir.Path, $"shard{i}.xml")))));

        Run(["merge", "shard1.xml", "shard2.xml", "shard3.xml", "--out", "merged.xml"]);
        var merged = XDocument.Load(Path.Combine(_dir.Path, "merged.xml"));
        Assert.Equal(Testcases(whole), Testcases(merged));
        Assert.Equal(whole.Root!.Attribute("tests")!.Value, merged.Root!.Attribute("tests")!.Value);
        Assert.Equal(whole.Root!.Attribute("failures")!.Value, merged.Root!.Attribute("failures")!.Value);
        Assert.Equal(Properties(whole), Properties(merged));

        Run(["merge", "shard1.json", "shard2.json", "shard3.json", "--format", "junit", "--out", "fromjson.xml"]);
        Assert.Equal(Testcases(whole), Testcases(XDocument.Load(Path.Combine(_dir.Path, "fromjson.xml"))));
    }

    /// <summary>The real tree's matrix (warm after the kernel tests' first build): two shards make up the unsharded run.</summary>
    [Fact]
    public void Two_shards_of_the_real_kernel_matrix_merge_into_the_unsharded_one()
    {
        string[] kernel = ["matrix", "--kernel", "linux-6.12", "--arch", "x86_64", "--format", "json"];
        Run([.. kernel, "--out", "whole.json"], KernelTimeout);
        Run([.. kernel, "--shard", "1/2", "--out", "shard1.json"], KernelTimeout);
        Run([.. kernel, "--shard", "2/2", "--out", "shard2.json"], KernelTimeout);
        Assert.All(new[] { "shard1.json", "shard2.json" }, f => Assert.NotEmpty(Load(f)["cases"]!.AsArray()));

        Run(["merge", "shard2.json", "shard1.json", "--out", "merged.json"]);
        var whole = Load("whole.json");
        var merged = Load("merged.json");
        AssertSameCases(whole, merged);
        Assert.True(JsonNode.DeepEquals(whole["kernel"], merged["kernel"]));
        Assert.All(merged["cases"]!.AsArray(), c => Assert.Equal("kernel", (string)c!["site"]!));
    }

    /// <summary>The negative controls: two of three shards are not the run, and a shard given twice holds its cases twice.</summary>
    [Fact]
    public void A_missing_or_doubled_shard_is_refused_with_exit_2_naming_it()
    {
        for (var i = 1; i <= 3; i++)
        {
            Run([.. Matrix, "--shard", $"{i}/3", "--format", "json", "--out", $"shard{i}.json"]);
        }
        Run(["matrix", "--arch", "x86_64", "--format", "json", "--out", "x86_64.json"]);

        var missing = CliProcess.Run(Timeout, _dir.Path, "merge", "shard1.json", "shard2.json");
        Assert.True(missing.ExitCode == 2, missing.ToString());
        Assert.Contains("shard 3/3 of --arch x86_64,arm64 is missing", missing.Stderr, StringComparison.Ordinal);
        Assert.Equal("", missing.Stdout);

        var twice = CliProcess.Run(Timeout, _dir.Path, "merge", "shard1.json", "shard2.json", "shard3.json", "shard2.json");
        Assert.True(twice.ExitCode == 2, twice.ToString());
        Assert.Contains("shard2.json: its cases are also in shard2.json", twice.Stderr, StringComparison.Ordinal);

        var overlap = CliProcess.Run(Timeout, _dir.Path, "merge", "shard1.json", "shard2.json", "shard3.json", "x86_64.json");
        Assert.True(overlap.ExitCode == 2, overlap.ToString());
        Assert.Contains("the x86_64 cases are also in", overlap.Stderr, StringComparison.Ordinal);
        Assert.Single(overlap.Stderr.Trim().Split('\n'));
    }

    [Fact]
    public void Three_crosscheck_shards_merge_into_the_unsharded_crosscheck_case_for_case()
    {
        string[] crosscheck = ["crosscheck", "--arch", "x86_64,riscv64", "--cases", "4", "--seed", "5", "--format", "json"];
        var whole = JsonNode.Parse(Run(crosscheck).Stdout)!;
        for (var i = 1; i <= 3; i++)
        {
            File.WriteAllText(Path.Combine(_dir.Path, $"cc{i}.json"), Run([.. crosscheck, "--shard", $"{i}/3"]).Stdout);
        }
        var parts = Enumerable.Range(1, 3).Select(i => Load($"cc{i}.json")).ToList();
        Assert.All(parts, p => Assert.NotEmpty(p["cases"]!.AsArray()));
        Assert.Equal(whole["cases"]!.AsArray().Count, parts.Sum(p => p["cases"]!.AsArray().Count));
        // The generated cases are drawn whole in every shard, so each shard's are some of the unsharded run's.
        Assert.All(parts, p => Assert.Contains(p["cases"]!.AsArray(), c => ((string)c!["name"]!).Contains("/generated/", StringComparison.Ordinal)));

        var merged = JsonNode.Parse(Run(["merge", "cc1.json", "cc2.json", "cc3.json"]).Stdout)!;
        foreach (var field in new[] { "agreement", "disagreements", "excluded", "skipped", "cases", "selection" })
        {
            Assert.True(JsonNode.DeepEquals(whole[field], merged[field]), $"{field}: {whole[field]?.ToJsonString()[..Math.Min(400, whole[field]?.ToJsonString().Length ?? 0)]}");
        }
        Assert.Equal((int)whole["robustness"]!["cases"]!, (int)merged["robustness"]!["cases"]!);

        var missing = CliProcess.Run(Timeout, _dir.Path, "merge", "cc1.json", "cc3.json");
        Assert.True(missing.ExitCode == 2, missing.ToString());
        Assert.Contains("shard 2/3", missing.Stderr, StringComparison.Ordinal);
    }

    private static readonly TimeSpan KernelTimeout = TimeSpan.FromMinutes(30);

    [Theory]
    [InlineData("'0/3' needs 1 <= I <= N", "matrix", "--arch", "x86_64", "--shard", "0/3")]
    [InlineData("'4/3' needs 1 <= I <= N", "matrix", "--arch", "x86_64", "--shard", "4/3")]
    [InlineData("'a/b' is not I/N", "matrix", "--arch", "x86_64", "--shard", "a/b")]
    [InlineData("'3' is not I/N", "crosscheck", "--arch", "x86_64", "--shard", "3")]
    [InlineData("'0/3' needs 1 <= I <= N", "matrix", "--kernel", "linux-6.12", "--arch", "x86_64", "--shard", "0/3")]
    [InlineData("--shard 600/600: takes no case of the run's 279", "matrix", "--arch", "x86_64", "--shard", "600/600")]
    [InlineData("--shard and --minutes do not combine", "crosscheck", "--arch", "x86_64", "--shard", "1/2", "--minutes", "1")]
    public void A_bad_shard_exits_2_with_one_line(string message, params string[] args)
    {
        var r = CliProcess.Run(Timeout, _dir.Path, args);
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Equal($"tpsim: --shard", r.Stderr[..Math.Min(14, r.Stderr.Length)]);
        Assert.Contains(message, r.Stderr, StringComparison.Ordinal);
        Assert.Single(r.Stderr.Trim().Split('\n'));
        Assert.Equal("", r.Stdout);
    }

    [Fact]
    public void Junit_reports_merge_into_junit_only_and_a_failed_case_makes_the_merge_exit_1()
    {
        Run(["matrix", "--arch", "riscv64", "--format", "junit", "--out", "r.xml"]);
        var table = CliProcess.Run(Timeout, _dir.Path, "merge", "r.xml", "--format", "table");
        Assert.True(table.ExitCode == 2, table.ToString());
        Assert.Contains("--format table does not apply to a matrix JUnit report; it merges into junit", table.Stderr, StringComparison.Ordinal);

        // A report whose case failed (edited here as a broken checker would write it) merges into a failing report.
        Run(["matrix", "--arch", "riscv64", "--format", "json", "--out", "r.json"]);
        var report = Load("r.json");
        report["cases"]![0]!["ok"] = false;
        File.WriteAllText(Path.Combine(_dir.Path, "failed.json"), report.ToJsonString());
        var failed = CliProcess.Run(Timeout, _dir.Path, "merge", "failed.json", "--format", "junit");
        Assert.True(failed.ExitCode == 1, failed.ToString());
        Assert.Single(XDocument.Parse(failed.Stdout).Descendants("failure"));
        Assert.Contains(", 1 unexpected (riscv64 ", failed.Stderr, StringComparison.Ordinal);
    }

    private CliResult Run(string[] args, TimeSpan? timeout = null)
    {
        var r = CliProcess.Run(timeout ?? Timeout, _dir.Path, args);
        Assert.True(r.ExitCode == 0, $"{string.Join(' ', args)}: {r}");
        return r;
    }

    private JsonNode Load(string name) => JsonNode.Parse(File.ReadAllText(Path.Combine(_dir.Path, name)))!;

    private static List<string> Names(JsonNode report) => [.. report["cases"]!.AsArray().Select(c => (string)c!["name"]!)];

    /// <summary>Every field of every case (name, arch, verdict, ok, evidence, position) but its time, and the summary.</summary>
    private static void AssertSameCases(JsonNode whole, JsonNode merged)
    {
        var expected = whole["cases"]!.AsArray();
        var actual = merged["cases"]!.AsArray();
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            var e = expected[i]!.AsObject().DeepClone().AsObject();
            var a = actual[i]!.AsObject().DeepClone().AsObject();
            e.Remove("seconds");
            a.Remove("seconds");
            Assert.True(JsonNode.DeepEquals(e, a), $"case {i}:\n{e.ToJsonString()}\n{a.ToJsonString()}");
        }
        Assert.True(JsonNode.DeepEquals(whole["summary"], merged["summary"]), merged["summary"]!.ToJsonString());
        Assert.True(JsonNode.DeepEquals(whole["skipped"], merged["skipped"]));
        Assert.True(JsonNode.DeepEquals(whole["selection"], merged["selection"]));
    }

    private static string TotalsLine(string stdout) => stdout.Split('\n').Single(l => l.StartsWith("matrix: ", StringComparison.Ordinal));

    private static List<(string?, string?, string?, bool)> Testcases(XDocument doc) =>
        [.. doc.Descendants("testcase").Select(t => ((string?)t.Parent!.Attribute("name"), (string?)t.Attribute("classname"), (string?)t.Attribute("name"), t.Element("failure") is not null))];

    private static List<string> Properties(XDocument doc) =>
        [.. doc.Descendants("property").Select(p => $"{p.Attribute("name")?.Value}={p.Attribute("value")?.Value}")];
}
