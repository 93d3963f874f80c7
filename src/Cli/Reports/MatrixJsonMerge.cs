using System.Text.Json;
using Tpsim.Arch;
using Tpsim.Emulator.Isa;
using Tpsim.Emulator.Toolchain;
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
        var byIsa = new Dictionary<string, List<(ReportPart Part, JsonElement Case)>>(StringComparer.Ordinal);
        var skippedBy = new Dictionary<string, (string File, JsonElement Root)>(StringComparer.Ordinal);
        foreach (var run in runs)
        {
            var roots = reports.Where(r => run.Contains(r.Part)).ToList();
            var total = MergeJson.Total(run[0].File, roots[0].Root, "cases");
            foreach (var (part, c) in MergeJson.Ordered(roots, total))
            {
                var arch = MergeJson.Text(part.File, c, "arch");
                (byIsa.TryGetValue(arch, out var list) ? list : byIsa[arch] = []).Add((part, c));
            }
            foreach (var isa in run[0].Arch)
            {
                skippedBy[isa] = (run[0].File, roots[0].Root);
            }
        }

        var position = 0;
        var outcomes = new List<IsaOutcomes>();
        foreach (var name in isas)
        {
            var isa = IsaRegistry.TryCreate(name, out var backend) ? backend : throw new MergeException($"{skippedBy[name].File}: unknown ISA '{name}'");
            var catalog = new Dictionary<BuildSpec, Dictionary<string, StubCase>>();
            var cases = new List<CaseOutcome>();
            foreach (var (part, c) in byIsa.GetValueOrDefault(name) ?? [])
            {
                var build = MergeJson.Build(part.File, c);
                if (!catalog.TryGetValue(build, out var known))
                {
                    known = catalog[build] = (kernel is null ? StubMatrix.Build(isa, build) : KernelMatrix.Cases(isa, build)).ToDictionary(k => k.Name, StringComparer.Ordinal);
                }
                cases.Add(Outcome(part.File, c, known, position++));
            }
            var (file, root) = skippedBy[name];
            outcomes.Add(new IsaOutcomes(isa, cases, TimeSpan.FromTicks(cases.Sum(c => c.Elapsed.Ticks))) { Skipped = MergeJson.Skipped(file, root, name) });
        }
        return new MergedReport(ReportKind.MatrixJson, [.. reports.Select(r => r.Part.File)])
        {
            Matrix = outcomes,
            Selection = new RunSelection(MergeJson.Builds(reports[0].Part.File, first), Shard.Whole),
            Kernel = kernel,
        };
    }

    private static CaseOutcome Outcome(string file, JsonElement c, Dictionary<string, StubCase> known, int position)
    {
        var name = MergeJson.Text(file, c, "name");
        var stubCase = known.TryGetValue(name, out var k) ? k
            : throw new MergeException($"{file}: case {name} is not in this tpsim's matrix; merge with the tpsim that wrote the report");
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
            throw new MergeException($"{file}: case {name}: {ex.Message}");
        }
    }

    private static RealKernel? Kernel(JsonElement root) =>
        root.TryGetProperty("kernel", out var k)
            ? new RealKernel(k.GetProperty("spec").GetString()!, k.GetProperty("version").GetString()!, k.GetProperty("tree").GetString()!,
                [.. k.GetProperty("patches").EnumerateArray().Select(p => p.GetString()!)])
            : null;
}
