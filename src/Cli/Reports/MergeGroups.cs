using Tpsim.Arch;

namespace Tpsim.Cli.Reports;

/// <summary>
/// Decides whether reports add up to one run, and in which ISA order: the same settings everywhere; reports of the
/// same ISAs are shards of one run, every one of its N shards exactly once; reports of different runs (one job per
/// ISA) share no ISA. One run keeps its own ISA order, several take the registry's (the order of <c>--arch all</c>).
/// </summary>
public static class MergeGroups
{
    /// <summary>The runs, each with its parts sorted by shard index, and the merged ISA order.</summary>
    public static (IReadOnlyList<IReadOnlyList<ReportPart>> Runs, IReadOnlyList<string> Isas) Check(IReadOnlyList<ReportPart> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var first = parts[0];
        foreach (var part in parts.Skip(1))
        {
            foreach (var (name, value) in first.Settings)
            {
                var other = part.Settings.FirstOrDefault(s => s.Name == name).Value ?? "(none)";
                if (other != value)
                {
                    throw new MergeException($"{part.File}: {name} is {other}, but {value} in {first.File}; merge reports of one run's settings");
                }
            }
        }
        var runs = parts.GroupBy(p => p.RunKey).Select(g => (IReadOnlyList<ReportPart>)[.. g.OrderBy(p => p.Shard.Index)]).ToList();
        foreach (var run in runs)
        {
            CheckShards(run);
        }
        var owner = new Dictionary<string, ReportPart>(StringComparer.Ordinal);
        foreach (var run in runs)
        {
            foreach (var isa in run[0].Arch)
            {
                if (owner.TryGetValue(isa, out var earlier))
                {
                    throw new MergeException($"{run[0].File}: the {isa} cases are also in {earlier.File} (a run of --arch {earlier.RunKey}); each case must be in one report only");
                }
                owner[isa] = run[0];
            }
        }
        var registry = IsaRegistry.Names.ToList();
        IReadOnlyList<string> order = runs.Count == 1 ? runs[0][0].Arch
            : [.. owner.Keys.OrderBy(i => registry.IndexOf(i) is var at and >= 0 ? at : int.MaxValue).ThenBy(i => i, StringComparer.Ordinal)];
        return (runs, order);
    }

    private static void CheckShards(IReadOnlyList<ReportPart> run)
    {
        var count = run[0].Shard.Count;
        foreach (var part in run)
        {
            if (part.Shard.Count != count)
            {
                throw new MergeException($"{part.File}: shard {part.Shard} of --arch {part.RunKey}, but {run[0].File} is shard {run[0].Shard}; shards of one run share N");
            }
        }
        for (var i = 1; i < run.Count; i++)
        {
            if (run[i].Shard.Index == run[i - 1].Shard.Index)
            {
                throw new MergeException($"{run[i].File}: its cases are also in {run[i - 1].File} (both {(count == 1 ? "unsharded runs" : $"shard {run[i].Shard}")} of --arch {run[i].RunKey}); each case must be in one report only");
            }
        }
        var missing = Enumerable.Range(1, count).Except(run.Select(p => p.Shard.Index)).ToList();
        if (missing.Count > 0)
        {
            throw new MergeException($"shard {string.Join(", ", missing.Select(i => $"{i}/{count}"))} of --arch {run[0].RunKey} is missing (given: {string.Join(", ", run.Select(p => $"{p.File} {p.Shard}"))})");
        }
    }
}
