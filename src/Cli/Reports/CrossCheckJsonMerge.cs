using System.Text.Json;
using Tpsim.Arch;
using Tpsim.Emulator.Toolchain;
using Tpsim.Harness.Cases;
using Tpsim.Harness.Generation;
using Tpsim.Harness.Running;

namespace Tpsim.Cli.Reports;

/// <summary>
/// Crosscheck JSON reports back into one run's summary: each case found again among the matrix's and the generated
/// ones (drawn again from the report's seed), in the unsharded run's order, so that the disagreements, exclusions and
/// counts are the unsharded run's. Robustness figures combine: the largest peak memory and time, the summed engines.
/// </summary>
public static class CrossCheckJsonMerge
{
    public static ReportPart Part(string file, JsonElement root)
    {
        var robustness = root.GetProperty("robustness");
        var rounds = MergeJson.Number(file, robustness, "rounds");
        if (rounds != 1)
        {
            throw new MergeException($"{file}: a soak report ({rounds} rounds) does not merge: its rounds depend on time");
        }
        return MergeJson.Part(file, ReportKind.CrossCheckJson, root,
            [("seed", robustness.GetProperty("seed").GetRawText()), ("generated cases", MergeJson.Number(file, robustness, "generatedPerRound").ToString(System.Globalization.CultureInfo.InvariantCulture))]);
    }

    public static MergedReport Merge(IReadOnlyList<(ReportPart Part, JsonElement Root)> reports)
    {
        ArgumentNullException.ThrowIfNull(reports);
        var (runs, isas) = MergeGroups.Check([.. reports.Select(r => r.Part)]);
        var first = reports[0].Root.GetProperty("robustness");
        var seed = first.GetProperty("seed").GetUInt64();
        var generated = MergeJson.Number(reports[0].Part.File, first, "generatedPerRound");
        var byIsa = new Dictionary<string, List<(ReportPart Part, JsonElement Case)>>(StringComparer.Ordinal);
        var owner = new Dictionary<string, IReadOnlyList<(ReportPart Part, JsonElement Root)>>(StringComparer.Ordinal);
        foreach (var run in runs)
        {
            var roots = reports.Where(r => run.Contains(r.Part)).ToList();
            foreach (var (part, c) in MergeJson.Ordered(roots, MergeJson.Total(run[0].File, roots[0].Root, "cases")))
            {
                var arch = MergeJson.Text(part.File, c, "arch");
                (byIsa.TryGetValue(arch, out var list) ? list : byIsa[arch] = []).Add((part, c));
            }
            foreach (var isa in run[0].Arch)
            {
                owner[isa] = roots;
            }
        }

        var position = 0;
        var round = new List<CrossCheckIsa>();
        foreach (var name in isas)
        {
            var roots = owner[name];
            var isa = IsaRegistry.TryCreate(name, out var backend) ? backend : throw new MergeException($"{roots[0].Part.File}: unknown ISA '{name}'");
            var known = new Dictionary<BuildSpec, Dictionary<string, StubCase>>();
            var cases = new List<CrossCheckCase>();
            foreach (var (part, c) in byIsa.GetValueOrDefault(name) ?? [])
            {
                var build = MergeJson.Build(part.File, c);
                if (!known.TryGetValue(build, out var catalog))
                {
                    var all = StubMatrix.Build(isa, build).ToList();
                    if (GeneratedCase.NotApplicable(build) is null)
                    {
                        all.AddRange(CaseGenerator.Draw(isa, seed, generated).Select(g => g.ToStubCase(isa, build)));
                    }
                    // A generated case drawn twice is the same case twice.
                    catalog = known[build] = all.DistinctBy(k => k.Name).ToDictionary(k => k.Name, StringComparer.Ordinal);
                }
                var caseName = MergeJson.Text(part.File, c, "name");
                var stubCase = catalog.TryGetValue(caseName, out var k) ? k
                    : throw new MergeException($"{part.File}: case {caseName} is not in this tpsim's cross-check of seed {seed}; merge with the tpsim that wrote the report");
                cases.Add(new CrossCheckCase(stubCase, MergeJson.Text(part.File, c, "tpsim"), MergeJson.Text(part.File, c, "oracle"), Optional(c, "why"), Optional(c, "what"), Optional(c, "reproduce"))
                {
                    Position = position++,
                });
            }
            var hostErrors = roots.Sum(r => r.Root.GetProperty("agreement").TryGetProperty(name, out var a) && a.TryGetProperty("hostErrors", out var h) ? h.GetInt32() : 0);
            round.Add(new CrossCheckIsa(isa, cases, MergeJson.Skipped(roots[0].Part.File, roots[0].Root, name), hostErrors, TimeSpan.Zero));
        }

        var figures = reports.Select(r => r.Root.GetProperty("robustness")).ToList();
        var summary = new CrossCheckSummary
        {
            FirstSeed = seed,
            GeneratedPerRound = generated,
            Selection = new RunSelection(MergeJson.Builds(reports[0].Part.File, reports[0].Root), Shard.Whole),
            // The shards ran side by side: the largest peak, every engine each of them opened and closed.
            Measured = new CrossCheckSummary.ProcessFigures(
                figures.Max(f => f.GetProperty("peakMemoryMB").GetDouble()), figures.Sum(f => f.GetProperty("enginesOpened").GetInt64()), figures.Sum(f => f.GetProperty("enginesClosed").GetInt64())),
        };
        summary.Add(round);
        summary.Elapsed = TimeSpan.FromSeconds(figures.Max(f => f.GetProperty("seconds").GetDouble()));
        return new MergedReport(ReportKind.CrossCheckJson, [.. reports.Select(r => r.Part.File)]) { CrossCheck = summary, Selection = summary.Selection };
    }

    private static string? Optional(JsonElement c, string name) => c.TryGetProperty(name, out var v) ? v.GetString() : null;
}
