using Tpsim.Emulator.Unicorn;

namespace Tpsim.Harness.Running;

/// <summary>Agreement counts of one ISA over every round of a cross-check run.</summary>
public sealed record CrossCheckCounts(string Isa, int Cases, int Agree, int Disagree, int Excluded);

/// <summary>
/// A whole cross-check run, one or more rounds (a soak run draws new generated cases each round): counts per ISA,
/// every disagreement and exclusion, and the robustness figures the README reports.
/// </summary>
public sealed class CrossCheckSummary
{
    private readonly Dictionary<string, CrossCheckCounts> _counts = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];

    public List<CrossCheckCase> Disagreements { get; } = [];

    /// <summary>One case per (ISA, build, limit): the reason counts, not how often it was met.</summary>
    public List<CrossCheckCase> Excluded { get; } = [];

    public List<SkippedBuild> Skipped { get; } = [];

    public int Rounds { get; private set; }

    public int HostErrors { get; private set; }

    public ulong FirstSeed { get; init; }

    public int GeneratedPerRound { get; init; }

    public TimeSpan Elapsed { get; set; }

    public IEnumerable<CrossCheckCounts> Counts => _order.Select(i => _counts[i]);

    public int Cases => _counts.Values.Sum(c => c.Cases);

    public int Disagree => _counts.Values.Sum(c => c.Disagree);

    public void Add(IReadOnlyList<CrossCheckIsa> round)
    {
        ArgumentNullException.ThrowIfNull(round);
        Rounds++;
        foreach (var isa in round)
        {
            var name = isa.Isa.Name;
            if (!_counts.TryGetValue(name, out var c))
            {
                _order.Add(name);
                c = new CrossCheckCounts(name, 0, 0, 0, 0);
                Skipped.AddRange(isa.Skipped);
            }
            _counts[name] = c with
            {
                Cases = c.Cases + isa.Cases.Count,
                Agree = c.Agree + isa.Agree,
                Disagree = c.Disagree + isa.Disagree,
                Excluded = c.Excluded + isa.Excluded,
            };
            HostErrors += isa.HostErrors;
            Disagreements.AddRange(isa.Cases.Where(x => x.Disagreement is not null));
            foreach (var x in isa.Cases.Where(x => x.Limit is not null && x.Disagreement is null))
            {
                if (!Excluded.Any(e => e.Case.Isa.Name == name && e.Case.Build == x.Case.Build && e.Limit == x.Limit))
                {
                    Excluded.Add(x);
                }
            }
        }
    }

    /// <summary>Peak resident memory of this process, in MB.</summary>
    public static double PeakMemoryMB()
    {
        using var self = System.Diagnostics.Process.GetCurrentProcess();
        return Math.Round(self.PeakWorkingSet64 / (1024.0 * 1024.0), 1);
    }

    public static long EnginesOpened => UnicornHandle.OpenedCount;

    public static long EnginesClosed => UnicornHandle.ClosedCount;
}
