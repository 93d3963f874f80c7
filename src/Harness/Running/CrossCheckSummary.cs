using Tpsim.Emulator.Unicorn;

namespace Tpsim.Harness.Running;

/// <summary>Agreement counts of one ISA over every round of a cross-check run.</summary>
public sealed record CrossCheckCounts(string Isa, int Cases, int Agree, int Disagree, int Excluded)
{
    /// <summary>Cases whose run threw on either side (counted as disagreements too).</summary>
    public int HostErrors { get; init; }
}

/// <summary>
/// A whole cross-check run, one or more rounds (a soak run draws new generated cases each round): counts per ISA,
/// every disagreement and exclusion, and the robustness figures the README reports.
/// </summary>
public sealed class CrossCheckSummary
{
    private readonly Dictionary<string, CrossCheckCounts> _counts = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];

    /// <summary>Every case of every round, in run order.</summary>
    public List<CrossCheckCase> All { get; } = [];

    public List<CrossCheckCase> Disagreements { get; } = [];

    /// <summary>One case per (ISA, build, limit): the reason counts, not how often it was met.</summary>
    public List<CrossCheckCase> Excluded { get; } = [];

    public List<SkippedBuild> Skipped { get; } = [];

    public int Rounds { get; private set; }

    public int HostErrors { get; private set; }

    public ulong FirstSeed { get; init; }

    public int GeneratedPerRound { get; init; }

    public TimeSpan Elapsed { get; set; }

    /// <summary>The builds asked for and the shard; reports record them for <c>tpsim merge</c>.</summary>
    public RunSelection Selection { get; init; } = RunSelection.Default;

    /// <summary>Cases of the first round's unsharded run (a shard runs fewer).</summary>
    public int Planned { get; private set; }

    /// <summary>The figures of the processes that ran the cases when they are not this one (a merge of reports).</summary>
    public ProcessFigures? Measured { get; init; }

    /// <summary>Peak resident memory (the largest of several processes) and the Unicorn engines they opened and closed.</summary>
    public sealed record ProcessFigures(double PeakMemoryMB, long EnginesOpened, long EnginesClosed);

    public double PeakMemory => Measured?.PeakMemoryMB ?? PeakMemoryMB();

    public long Opened => Measured?.EnginesOpened ?? EnginesOpened;

    public long Closed => Measured?.EnginesClosed ?? EnginesClosed;

    public IEnumerable<CrossCheckCounts> Counts => _order.Select(i => _counts[i]);

    public int Cases => _counts.Values.Sum(c => c.Cases);

    public int Disagree => _counts.Values.Sum(c => c.Disagree);

    /// <summary>Every compared case agrees, and there was one at least: a run of nothing proves nothing.</summary>
    public bool Passed => Disagree == 0 && Cases > 0;

    public void Add(IReadOnlyList<CrossCheckIsa> round)
    {
        ArgumentNullException.ThrowIfNull(round);
        Rounds++;
        foreach (var isa in round)
        {
            if (Rounds == 1)
            {
                Planned += isa.Planned;
            }
            All.AddRange(isa.Cases);
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
                HostErrors = c.HostErrors + isa.HostErrors,
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
