using System.Text.Json;
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
        var (byIsa, owner) = MergeJson.ByIsa(reports, runs);

        var position = 0;
        var round = new List<CrossCheckIsa>();
        foreach (var name in isas)
        {
            var roots = owner[name];
            var catalog = new CaseCatalog(CaseCatalog.Resolve(roots[0].Part.File, name), (isa, build) => Catalog(isa, build, seed, generated), $"cross-check of seed {seed}");
            var cases = (byIsa.GetValueOrDefault(name) ?? []).Select(x => new CrossCheckCase(catalog.Find(x.Part.File, x.Case), MergeJson.Text(x.Part.File, x.Case, "tpsim"),
                MergeJson.Text(x.Part.File, x.Case, "oracle"), Optional(x.Case, "why"), Optional(x.Case, "what"), Optional(x.Case, "reproduce")) { Position = position++ }).ToList();
            var hostErrors = roots.Sum(r => r.Root.GetProperty("agreement").TryGetProperty(name, out var a) && a.TryGetProperty("hostErrors", out var h) ? h.GetInt32() : 0);
            round.Add(new CrossCheckIsa(catalog.Isa, cases, MergeJson.Skipped(roots[0].Part.File, roots[0].Root, name), hostErrors, TimeSpan.Zero));
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

    /// <summary>The cases a cross-check of this seed and count runs for one ISA and build: the matrix's, then the generated.</summary>
    private static IEnumerable<StubCase> Catalog(Tpsim.Emulator.Isa.IsaBackend isa, BuildSpec build, ulong seed, int generated) =>
        GeneratedCase.NotApplicable(build) is null
            ? StubMatrix.Build(isa, build).Concat(CaseGenerator.Draw(isa, seed, generated).Select(g => g.ToStubCase(isa, build)))
            : StubMatrix.Build(isa, build);

    private static string? Optional(JsonElement c, string name) => c.TryGetProperty(name, out var v) ? v.GetString() : null;
}
