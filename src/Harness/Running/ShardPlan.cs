using Tpsim.Emulator.Isa;
using Tpsim.Emulator.Toolchain;
using Tpsim.Harness.Cases;

namespace Tpsim.Harness.Running;

/// <summary>
/// The cases a run (or one <see cref="Shard"/> of it) executes: every ISA's builds in run order, each with the cases
/// the shard takes and their positions in the unsharded run's list, which the reports keep so that <c>tpsim merge</c>
/// restores the unsharded order. Listing every case first is cheap (sources, no compiling).
/// </summary>
public sealed class ShardPlan
{
    private readonly List<IsaShare> _isas;

    private ShardPlan(Shard shard, List<IsaShare> isas)
    {
        Shard = shard;
        _isas = isas;
    }

    /// <summary>One ISA's part of the plan.</summary>
    /// <param name="Planned">How many cases the ISA has in the unsharded run.</param>
    public sealed record IsaShare(IsaBackend Isa, IReadOnlyList<BuildShare> Builds, IReadOnlyList<SkippedBuild> Skipped, int Planned);

    /// <summary>One build's cases that the shard takes, each with its position in the unsharded run, and all the build's cases.</summary>
    public sealed record BuildShare(BuildSpec Build, IReadOnlyList<(StubCase Case, int Position)> Cases, IReadOnlyList<StubCase> All);

    /// <summary>The lists of one ISA and build, in run order, that a plan is made of.</summary>
    public sealed record Entry(IsaBackend Isa, BuildSpec Build, IReadOnlyList<StubCase> Cases);

    public Shard Shard { get; }

    public IReadOnlyList<IsaShare> Isas => _isas;

    /// <summary>Cases of the unsharded run.</summary>
    public int Total => _isas.Sum(i => i.Planned);

    /// <summary>Cases this shard runs.</summary>
    public int Selected => _isas.Sum(i => i.Builds.Sum(b => b.Cases.Count));

    public IsaShare For(IsaBackend isa) => _isas.First(i => i.Isa == isa);

    /// <summary>
    /// The simulated kernel's matrix: each ISA's builds from <paramref name="cases"/>; a build that does not apply to an
    /// ISA is skipped with its reason and has no positions.
    /// </summary>
    public static ShardPlan Of(IReadOnlyList<IsaBackend> isas, IReadOnlyList<BuildSpec> builds, Func<IsaBackend, BuildSpec, IReadOnlyList<StubCase>> cases, Shard shard)
    {
        ArgumentNullException.ThrowIfNull(isas);
        ArgumentNullException.ThrowIfNull(builds);
        var entries = new List<Entry>();
        var skipped = new List<SkippedBuild>();
        foreach (var isa in isas)
        {
            foreach (var build in builds)
            {
                if (!build.IsDefault && isa.Toolchain.FlagsFor(build, out var reason) is null)
                {
                    skipped.Add(new SkippedBuild(isa.Name, build, reason!));
                }
                else
                {
                    entries.Add(new Entry(isa, build, cases(isa, build)));
                }
            }
        }
        return Of(isas, entries, skipped, shard);
    }

    /// <summary>A plan from lists already chosen, in run order; <paramref name="skipped"/> is reported per ISA.</summary>
    public static ShardPlan Of(IReadOnlyList<IsaBackend> isas, IReadOnlyList<Entry> entries, IReadOnlyList<SkippedBuild> skipped, Shard shard)
    {
        ArgumentNullException.ThrowIfNull(isas);
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(shard);
        // Positions run over every ISA in the order given, so an ISA's position range depends on the ISAs before it.
        var ordered = isas.SelectMany(isa => entries.Where(e => e.Isa == isa)).ToList();
        var shares = shard.Select(ordered.Select(e => e.Cases));
        var result = isas.Select(isa =>
        {
            var builds = ordered.Select((e, i) => (e, i)).Where(x => x.e.Isa == isa).Select(x => new BuildShare(x.e.Build, shares[x.i], x.e.Cases)).ToList();
            return new IsaShare(isa, builds, [.. skipped.Where(s => s.Arch == isa.Name)], ordered.Where(e => e.Isa == isa).Sum(e => e.Cases.Count));
        }).ToList();
        return new ShardPlan(shard, result);
    }
}
