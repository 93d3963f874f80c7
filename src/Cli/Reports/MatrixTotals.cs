using Tpsim.Harness.Running;

namespace Tpsim.Cli.Reports;

/// <summary>Counts over the whole matrix, and the one summary line printed after every matrix run.</summary>
public sealed record MatrixTotals(IReadOnlyList<IsaTotals> ByIsa)
{
    public int Total => ByIsa.Sum(i => i.Total);

    public int Ok => ByIsa.Sum(i => i.Ok);

    public int Failed => Total - Ok;

    public static MatrixTotals Of(IReadOnlyList<IsaOutcomes> runs) =>
        new(runs.Select(r => new IsaTotals(r.Isa.Name, r.Cases.Count, r.Cases.Count(c => c.Ok))).ToArray());

    // Worded so it never reads as a test runner's "N passed, N failed" closing line.
    public string Line =>
        $"matrix: {Total} cases, {Ok} as expected, {Failed} unexpected ({string.Join(", ", ByIsa.Select(i => $"{i.Isa} {i.Ok}/{i.Total}"))})";
}
