namespace Tpsim.Harness.Running;

/// <summary>Counts over the whole matrix, and the one summary line printed after every matrix run.</summary>
public sealed record MatrixTotals(IReadOnlyList<IsaTotals> ByIsa)
{
    public int Total => ByIsa.Sum(i => i.Total);

    public int Ok => ByIsa.Sum(i => i.Ok);

    public int Failed => Total - Ok;

    /// <summary>Every case as expected, and at least one case: an empty matrix proves nothing, so it must not pass.</summary>
    public bool Passed => Failed == 0 && Total > 0;

    public static MatrixTotals Of(IReadOnlyList<IsaOutcomes> runs) =>
        new(runs.Select(r => new IsaTotals(r.Isa.Name, r.Cases.Count, r.Cases.Count(c => c.Ok))).ToArray());

    // Worded so it never reads as a test runner's "N passed, N failed" closing line.
    public string Line =>
        $"matrix: {Total} cases, {Ok} as expected, {Failed} unexpected ({string.Join(", ", ByIsa.Select(i => $"{i.Isa} {i.Ok}/{i.Total}"))})";
}
