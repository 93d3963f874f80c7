using System.Text.Json;
using Tpsim.Harness.Cases;
using Tpsim.Harness.Kernel;
using Tpsim.Harness.Running;
using Tpsim.KernelSim.Scenarios.Running;

namespace Tpsim.Cli.Reports;

/// <summary>
/// Matrix JSON reports back into one run's outcomes: each case found again in this tpsim's matrix (the simulated
/// kernel's or the real tree's) by its ISA, build and name, its evidence read back, in the unsharded run's order; so
/// every report format of <c>matrix</c> can be written from the merge.
/// </summary>
public static class MatrixJsonMerge
{
    public static ReportPart Part(string file, JsonElement root) =>
        MergeJson.Part(file, ReportKind.MatrixJson, root, [("kernel", Kernel(root) is { } k ? string.Join(" ", [k.Spec, k.Version, .. k.Patches]) : "model")]);

    public static MergedReport Merge(IReadOnlyList<(ReportPart Part, JsonElement Root)> reports)
    {
        ArgumentNullException.ThrowIfNull(reports);
        var (runs, isas) = MergeGroups.Check([.. reports.Select(r => r.Part)]);
        var first = reports[0].Root;
        var kernel = Kernel(first);
        var (byIsa, owner) = MergeJson.ByIsa(reports, runs);

        var position = 0;
        var outcomes = new List<IsaOutcomes>();
        foreach (var name in isas)
        {
            var (owner0, root) = owner[name][0];
            var catalog = new CaseCatalog(CaseCatalog.Resolve(owner0.File, name), kernel is null ? StubMatrix.Build : KernelMatrix.Cases, "matrix");
            var cases = (byIsa.GetValueOrDefault(name) ?? []).Select(x => Outcome(x.Part.File, x.Case, catalog.Find(x.Part.File, x.Case), position++)).ToList();
            outcomes.Add(new IsaOutcomes(catalog.Isa, cases, TimeSpan.FromTicks(cases.Sum(c => c.Elapsed.Ticks))) { Skipped = MergeJson.Skipped(owner0.File, root, name) });
        }
        return new MergedReport(ReportKind.MatrixJson, [.. reports.Select(r => r.Part.File)])
        {
            Matrix = outcomes,
            Selection = new RunSelection(MergeJson.Builds(reports[0].Part.File, first), Shard.Whole),
            Kernel = kernel,
        };
    }

    private static CaseOutcome Outcome(string file, JsonElement c, StubCase stubCase, int position)
    {
        try
        {
            var commands = c.TryGetProperty("commands", out var cmd) && cmd.TryGetProperty("probes", out var probes)
                ? new[] { probes.GetString()!, cmd.GetProperty("site").GetString()!, cmd.GetProperty("stub").GetString()! }
                : [];
            var seconds = c.TryGetProperty("seconds", out var s) ? s.GetDouble() : 0;
            return new CaseOutcome(stubCase, ResultJson.ReadEvidence(c), TimeSpan.FromSeconds(seconds))
            {
                Commands = commands,
                Ok = c.GetProperty("ok").GetBoolean(),
                Position = position,
            };
        }
        catch (Exception ex) when (ex is KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new MergeException($"{file}: case {stubCase.Name}: {ex.Message}");
        }
    }

    private static RealKernel? Kernel(JsonElement root) =>
        root.TryGetProperty("kernel", out var k)
            ? new RealKernel(k.GetProperty("spec").GetString()!, k.GetProperty("version").GetString()!, k.GetProperty("tree").GetString()!,
                [.. k.GetProperty("patches").EnumerateArray().Select(p => p.GetString()!)])
            : null;
}
