using System.Text;
using System.Text.Json;
using Tpsim.Cli.Reports;
using Tpsim.Emulator.Checking;
using Tpsim.Harness.Running;
using Xunit;

namespace Tpsim.Tests.Cli.Reports;

/// <summary>
/// The merge library without running a matrix: evidence read back writes the same JSON, and every refusal (bad file,
/// mixed kinds, other settings, a shard of another N, an ISA in two runs) names the file.
/// </summary>
public sealed class ReportMergeTests : IDisposable
{
    private readonly Tpsim.Tests.Cli.TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    public static TheoryData<string> Results => new()
    {
        "balanced",
        "violations",
        "kcfi",
        "fault",
    };

    [Theory]
    [MemberData(nameof(Results))]
    public void Evidence_read_back_writes_the_same_json(string which)
    {
        var result = which switch
        {
            "violations" => new CaseResult(Verdict.Unbalanced,
                [new Violation(ViolationKind.StackPointer, "sp", 0x4025fb90, 0x4025fba0, 1, "tp_stub_func"), new Violation(ViolationKind.CalleeSaved, "s1", 0x40240018, 0xdead, 1, "tp_stub_func")],
                null, null, 1, ["a note"]),
            "kcfi" => new CaseResult(Verdict.Trap, [], new TrapInfo(TrapKind.Kcfi, 0xffffffff81000010, "ud2") { ExpectedType = 0x9b56cab8, TargetType = 0xa540670c, Target = "tp_stub_func" }, null, 0, []),
            "fault" => new CaseResult(Verdict.Fault, [], null, new FaultInfo(FaultAccess.Write, 0x10, 0x40091002) { StackOverflowBytes = 16384, StackSize = 16384 }, 2, []),
            _ => new CaseResult(Verdict.Balanced, [], null, null, 3, []),
        };
        var first = Evidence(result);
        using var doc = JsonDocument.Parse(first);
        var back = ResultJson.ReadEvidence(doc.RootElement);
        Assert.Equal(first, Evidence(back));
        Assert.Equal(result.Verdict, back.Verdict);
        Assert.Equal(result.Trap, back.Trap);
        Assert.Equal(result.Fault, back.Fault);
        Assert.Equal(result.Violations, back.Violations);
    }

    [Fact]
    public void Malformed_json_is_refused_with_its_file_and_line()
    {
        var file = _dir.Write("bad.json", "{\n  \"cases\": [\n    oops\n  ]\n}\n");
        Assert.False(ReportMerge.TryMerge([file], out var merged, out var error));
        Assert.Null(merged);
        Assert.StartsWith($"{file}:3: not valid JSON", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_xml_is_refused_with_its_file_and_line()
    {
        var file = _dir.Write("bad.xml", "<?xml version=\"1.0\"?>\n<testsuites name=\"tpsim matrix\">\n<testsuite>\n</testsuites>\n");
        Assert.False(ReportMerge.TryMerge([file], out _, out var error));
        Assert.StartsWith($"{file}:4: not well-formed XML", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"something\": 1}", "not a JSON report of tpsim matrix or crosscheck")]
    [InlineData("{\"cases\": [], \"summary\": {}}", "no 'selection' field")]
    [InlineData("<testsuites name=\"pytest\"/>", "not a JUnit report of tpsim matrix")]
    public void A_file_that_is_no_tpsim_report_is_refused(string text, string message)
    {
        var file = _dir.Write("other.txt", text);
        Assert.False(ReportMerge.TryMerge([file], out _, out var error));
        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.StartsWith(file, error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_and_no_file_are_refused()
    {
        Assert.False(ReportMerge.TryMerge([Path.Combine(_dir.Path, "nope.json")], out _, out var error));
        Assert.Contains("nope.json: cannot read it", error, StringComparison.Ordinal);
        Assert.False(ReportMerge.TryMerge([], out _, out error));
        Assert.Contains("give the report files", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Reports_of_two_kinds_are_refused()
    {
        var json = _dir.Write("a.json", "{\"cases\": [], \"summary\": {}, \"selection\": {\"arch\": [\"x86_64\"], \"builds\": [\"clang/default\"]}}");
        var xml = _dir.Write("b.xml", "<testsuites name=\"tpsim matrix\"><testsuite name=\"arm64\"><properties><property name=\"tpsim.arch\" value=\"arm64\"/></properties></testsuite></testsuites>");
        Assert.False(ReportMerge.TryMerge([json, xml], out _, out var error));
        Assert.Equal($"{xml} is a matrix JUnit report, but {json} is a matrix JSON report; merge reports of one kind", error);
    }

    [Fact]
    public void Other_builds_are_refused_naming_the_file_and_both_values()
    {
        var e = Assert.Throws<MergeException>(() => MergeGroups.Check([Part("a.json", ["x86_64"], "clang/default"), Part("b.json", ["arm64"], "clang/default,clang/kcfi")]));
        Assert.Equal("b.json: builds is clang/default,clang/kcfi, but clang/default in a.json; merge reports of one run's settings", e.Message);
    }

    [Fact]
    public void Shards_of_different_counts_of_one_run_are_refused()
    {
        var e = Assert.Throws<MergeException>(() => MergeGroups.Check([Part("a.json", ["x86_64"], shard: new Shard(1, 2)), Part("b.json", ["x86_64"], shard: new Shard(2, 3))]));
        Assert.Contains("b.json: shard 2/3 of --arch x86_64, but a.json is shard 1/2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Runs_that_share_an_isa_are_refused_and_disjoint_ones_take_the_registry_order()
    {
        var e = Assert.Throws<MergeException>(() => MergeGroups.Check([Part("a.json", ["x86_64", "arm64"]), Part("b.json", ["arm64"])]));
        Assert.Contains("the arm64 cases are also in", e.Message, StringComparison.Ordinal);

        var (runs, isas) = MergeGroups.Check([Part("r.json", ["riscv64"]), Part("a.json", ["arm64"]), Part("x1.json", ["x86_64"], shard: new Shard(1, 2)), Part("x2.json", ["x86_64"], shard: new Shard(2, 2))]);
        Assert.Equal(["x86_64", "arm64", "riscv64"], isas);
        Assert.Equal(3, runs.Count);
        // One run alone keeps its own order.
        Assert.Equal(["arm64", "x86_64"], MergeGroups.Check([Part("a.json", ["arm64", "x86_64"])]).Isas);
    }

    private static ReportPart Part(string file, string[] arch, string builds = "clang/default", Shard? shard = null) =>
        new(file, ReportKind.MatrixJson, arch, [("builds", builds), ("kernel", "model")], shard ?? Shard.Whole);

    private static string Evidence(CaseResult result)
    {
        using var stream = new MemoryStream();
        using (var w = ResultJson.CreateWriter(stream))
        {
            w.WriteStartObject();
            ResultJson.WriteEvidence(w, result);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
