using System.Globalization;
using System.Xml.Linq;
using Tpsim.Harness.Running;

namespace Tpsim.Cli.Reports;

/// <summary>
/// Matrix JUnit reports into one: the suites of every ISA in the merged order, each suite's test cases in the unsharded
/// run's order. A JUnit case keeps no position, so a run's shards are dealt back as they were dealt out: position p of
/// the run came from shard (p mod N) + 1, each shard's cases in order, an ISA's positions following the ISAs before it.
/// </summary>
public static class JunitMerge
{
    public const string SuitesName = "tpsim matrix";

    public static ReportPart Part(string file, XDocument doc)
    {
        ArgumentNullException.ThrowIfNull(doc);
        var root = doc.Root;
        if (root is null || root.Name != "testsuites" || (string?)root.Attribute("name") != SuitesName)
        {
            throw new MergeException($"{file}: not a JUnit report of tpsim matrix (no <testsuites name=\"{SuitesName}\">)");
        }
        var suite = root.Elements("testsuite").FirstOrDefault() ?? throw new MergeException($"{file}: no <testsuite>");
        var arch = Property(suite, JunitReport.ArchProperty) ?? throw new MergeException($"{file}: no {JunitReport.ArchProperty} property; it was written by a tpsim without merge: run it again");
        var shard = Shard.Whole;
        if (Property(suite, JunitReport.ShardProperty) is { } text && !Shard.TryParse(text, out shard, out _))
        {
            throw new MergeException($"{file}: {JunitReport.ShardProperty} '{text}' is not a shard");
        }
        return new ReportPart(file, ReportKind.MatrixJunit, arch.Split(','),
            [("builds", Property(suite, JunitReport.BuildsProperty) ?? ""), ("kernel", Property(suite, JunitReport.KernelProperty) ?? "model")], shard);
    }

    public static MergedReport Merge(IReadOnlyList<(ReportPart Part, XDocument Doc)> reports)
    {
        ArgumentNullException.ThrowIfNull(reports);
        var (runs, isas) = MergeGroups.Check([.. reports.Select(r => r.Part)]);
        var cases = new Dictionary<string, List<(string File, XElement Case)>>(StringComparer.Ordinal);
        var skipped = new Dictionary<string, IReadOnlyList<XElement>>(StringComparer.Ordinal);
        var seconds = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var run in runs)
        {
            var docs = run.Select(p => (p.File, Doc: reports.First(r => r.Part == p).Doc)).ToList();
            var offset = 0;
            foreach (var isa in run[0].Arch)
            {
                var suites = docs.Select(d => (d.File, Suite: d.Doc.Root!.Elements("testsuite").FirstOrDefault(s => (string?)s.Attribute("name") == isa))).ToList();
                var queues = suites.Select(s => new Queue<XElement>(s.Suite?.Elements("testcase").Where(t => t.Element("skipped") is null) ?? [])).ToList();
                var n = queues.Sum(q => q.Count);
                var list = cases[isa] = [];
                for (var p = offset; p < offset + n; p++)
                {
                    var k = p % queues.Count;
                    list.Add(queues[k].TryDequeue(out var t) ? (suites[k].File, t)
                        : throw new MergeException($"{suites[k].File}: its {isa} cases do not add up with the other shards' of --arch {run[0].RunKey}"));
                }
                offset += n;
                skipped[isa] = [.. suites[0].Suite?.Elements("testcase").Where(t => t.Element("skipped") is not null) ?? []];
                seconds[isa] = suites.Sum(s => double.TryParse((string?)s.Suite?.Attribute("time"), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : 0);
            }
        }
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (file, t) in cases.Values.SelectMany(c => c))
        {
            var id = $"{(string?)t.Attribute("classname")} {(string?)t.Attribute("name")}";
            if (!seen.TryAdd(id, file))
            {
                throw new MergeException($"{file}: case {(string?)t.Attribute("name")} is also in {seen[id]}; each case must be in one report only");
            }
        }

        var properties = reports[0].Doc.Root!.Element("testsuite")!.Element("properties")!.Elements("property")
            .Where(p => (string?)p.Attribute("name") != JunitReport.ShardProperty)
            .Select(p => (string?)p.Attribute("name") == JunitReport.ArchProperty ? new XElement("property", new XAttribute("name", JunitReport.ArchProperty), new XAttribute("value", string.Join(",", isas))) : new XElement(p))
            .ToList();
        var totals = new MatrixTotals([.. isas.Select(i => new IsaTotals(i, cases[i].Count, cases[i].Count(c => c.Case.Element("failure") is null)))]);
        var suitesOut = isas.Select(i => new XElement("testsuite",
            new XAttribute("name", i),
            new XAttribute("tests", Count(cases[i].Count + skipped[i].Count)),
            new XAttribute("failures", Count(cases[i].Count(c => c.Case.Element("failure") is not null))),
            new XAttribute("errors", "0"),
            new XAttribute("skipped", Count(skipped[i].Count)),
            new XAttribute("time", Seconds(seconds[i])),
            new XElement("properties", properties.Select(p => new XElement(p))),
            cases[i].Select(c => new XElement(c.Case)),
            skipped[i].Select(s => new XElement(s)))).ToList();
        var doc = new XDocument(new XElement("testsuites",
            new XAttribute("name", SuitesName),
            new XAttribute("tests", Count(totals.Total)),
            new XAttribute("failures", Count(totals.Failed)),
            new XAttribute("time", Seconds(seconds.Values.DefaultIfEmpty(0).Max())),
            suitesOut));
        return new MergedReport(ReportKind.MatrixJunit, [.. reports.Select(r => r.Part.File)]) { Junit = doc, JunitTotals = totals };
    }

    private static string? Property(XElement suite, string name) =>
        (string?)suite.Element("properties")?.Elements("property").FirstOrDefault(p => (string?)p.Attribute("name") == name)?.Attribute("value");

    private static string Count(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static string Seconds(double s) => s.ToString("0.000", CultureInfo.InvariantCulture);
}
