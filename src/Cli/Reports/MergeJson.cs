using System.Text.Json;
using Tpsim.Emulator.Toolchain;
using Tpsim.Harness.Running;

namespace Tpsim.Cli.Reports;

/// <summary>What the matrix and crosscheck JSON reports share for <c>tpsim merge</c>: the selection, the shard, the positions.</summary>
public static class MergeJson
{
    /// <summary>The part a report plays: <c>selection</c> (ISAs, builds) and <c>shard</c>; <paramref name="settings"/> add the kind's own.</summary>
    public static ReportPart Part(string file, ReportKind kind, JsonElement root, IEnumerable<(string Name, string Value)> settings)
    {
        if (!root.TryGetProperty("selection", out var selection))
        {
            throw new MergeException($"{file}: no 'selection' field; it was written by a tpsim without merge: run it again");
        }
        var arch = Strings(file, selection, "arch");
        var builds = Strings(file, selection, "builds");
        var shard = Shard.Whole;
        if (root.TryGetProperty("shard", out var s))
        {
            var text = $"{Number(file, s, "index")}/{Number(file, s, "count")}";
            shard = Shard.TryParse(text, out var parsed, out _) ? parsed : throw new MergeException($"{file}: 'shard' {text} is not a shard");
        }
        return new ReportPart(file, kind, arch, [("builds", string.Join(",", builds)), .. settings], shard);
    }

    /// <summary>The builds a report names, as <see cref="BuildSpec"/>s.</summary>
    public static IReadOnlyList<BuildSpec> Builds(string file, JsonElement root) =>
        [.. Strings(file, root.GetProperty("selection"), "builds").Select(b => Build(file, b))];

    public static BuildSpec Build(string file, string name)
    {
        var parts = name.Split('/');
        return parts.Length == 2 && CompilerKinds.TryParse(parts[0], out var compiler) && BuildConfigs.TryGet(parts[1], out var config)
            ? new BuildSpec(compiler, config)
            : throw new MergeException($"{file}: unknown build '{name}'");
    }

    public static BuildSpec Build(string file, JsonElement c) => Build(file, $"{Text(file, c, "compiler")}/{Text(file, c, "config")}");

    /// <summary>
    /// The cases of a run's shards sorted back into the run's order, checked to be each position of the run once:
    /// a report edited by hand or cut short does not add up.
    /// </summary>
    public static IReadOnlyList<(ReportPart Part, JsonElement Case)> Ordered(IReadOnlyList<(ReportPart Part, JsonElement Root)> run, int total)
    {
        var cases = run.SelectMany(r => r.Root.GetProperty("cases").EnumerateArray().Select(c => (r.Part, Case: c, Position: Number(r.Part.File, c, "position")))).OrderBy(c => c.Position).ToList();
        for (var i = 0; i < cases.Count; i++)
        {
            var (part, c, position) = cases[i];
            if (i > 0 && cases[i - 1].Position == position)
            {
                throw new MergeException($"{part.File}: case {Text(part.File, c, "name")} (position {position}) is also in {cases[i - 1].Part.File}; each case must be in one report only");
            }
            if (position > i)
            {
                throw new MergeException($"position {i} of the run of {total} cases on --arch {part.RunKey} is in none of the reports ({string.Join(", ", run.Select(r => r.Part.File))})");
            }
            if (position != i || !part.Shard.Takes(position) || !part.Arch.Contains(Text(part.File, c, "arch")))
            {
                throw new MergeException($"{part.File}: case {Text(part.File, c, "name")} at position {position} does not fit shard {part.Shard} of a run of {total} cases on --arch {part.RunKey}");
            }
        }
        if (cases.Count != total)
        {
            throw new MergeException($"{run[0].Part.File}: the reports of --arch {run[0].Part.RunKey} hold {cases.Count} cases, but the run has {total}");
        }
        return [.. cases.Select(c => (c.Part, c.Case))];
    }

    /// <summary>
    /// The cases of every run, per ISA in each run's order (see <see cref="Ordered"/>), and per ISA the reports of the
    /// run it belongs to.
    /// </summary>
    public static (Dictionary<string, List<(ReportPart Part, JsonElement Case)>> Cases, Dictionary<string, IReadOnlyList<(ReportPart Part, JsonElement Root)>> Reports) ByIsa(
        IReadOnlyList<(ReportPart Part, JsonElement Root)> reports, IReadOnlyList<IReadOnlyList<ReportPart>> runs)
    {
        var cases = new Dictionary<string, List<(ReportPart Part, JsonElement Case)>>(StringComparer.Ordinal);
        var owner = new Dictionary<string, IReadOnlyList<(ReportPart Part, JsonElement Root)>>(StringComparer.Ordinal);
        foreach (var run in runs)
        {
            var roots = reports.Where(r => run.Contains(r.Part)).ToList();
            foreach (var (part, c) in Ordered(roots, Total(run[0].File, roots[0].Root, "cases")))
            {
                var arch = Text(part.File, c, "arch");
                (cases.TryGetValue(arch, out var list) ? list : cases[arch] = []).Add((part, c));
            }
            foreach (var isa in run[0].Arch)
            {
                owner[isa] = roots;
            }
        }
        return (cases, owner);
    }

    /// <summary>The run's case count: the shard's <c>total</c>, or the cases of an unsharded report.</summary>
    public static int Total(string file, JsonElement root, string casesField) =>
        root.TryGetProperty("shard", out var s) ? Number(file, s, "total") : root.GetProperty(casesField).GetArrayLength();

    /// <summary>The skipped builds a report lists, for the ISAs given.</summary>
    public static IReadOnlyList<SkippedBuild> Skipped(string file, JsonElement root, string isa) =>
        [.. root.GetProperty("skipped").EnumerateArray().Where(s => Text(file, s, "arch") == isa)
            .Select(s => new SkippedBuild(isa, Build(file, s), Text(file, s, "reason")))];

    public static string Text(string file, JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : throw new MergeException($"{file}: '{name}' is missing or not a string");

    public static int Number(string file, JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var n) ? n : throw new MergeException($"{file}: '{name}' is missing or not a whole number");

    private static IReadOnlyList<string> Strings(string file, JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array && v.EnumerateArray().All(x => x.ValueKind == JsonValueKind.String)
            ? [.. v.EnumerateArray().Select(x => x.GetString()!)]
            : throw new MergeException($"{file}: '{name}' is missing or not a list of strings");
}
