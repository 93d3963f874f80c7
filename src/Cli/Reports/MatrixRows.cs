using Tpsim.Emulator.Toolchain;
using Tpsim.Harness.Running;
using Tpsim.Emulator.Checking;
using Tpsim.Harness.Cases;

namespace Tpsim.Cli.Reports;

/// <summary>
/// Folds an ISA's hundreds of balanced cases into one row per site x stub x shape (the argument counts
/// become a range) and keeps each negative control on its own row, where its expected failure is visible.
/// </summary>
public static class MatrixRows
{
    public static IReadOnlyList<MatrixRow> For(IsaOutcomes run)
    {
        var rows = run.Cases
            .Where(c => !c.IsControl)
            .GroupBy(c => (c.Case.Build, Site: SiteName(c.Case.Site), Stub: c.Case.Stub.Name, Shape: c.Case.Shape.Name))
            .Select(g => Summary(g.Key.Build, g.Key.Site, g.Key.Stub, g.Key.Shape, g.ToList()))
            .ToList();
        rows.AddRange(run.Cases.Where(c => c.IsControl).Select(Control));
        return rows;
    }

    public static string SiteName(SiteKind site) => StubMatrix.SiteName(site);

    private static MatrixRow Summary(BuildSpec build, string site, string stub, string shape, IReadOnlyList<CaseOutcome> cases)
    {
        var ok = cases.Count(c => c.Ok);
        var expected = Expectation.Describe(cases[0].Case);
        var result = $"{cases[0].Case.Expected.ToName()} {ok}/{cases.Count}";
        var failing = cases.Where(c => !c.Ok).ToList();
        if (failing.Count > 0)
        {
            result += ", " + string.Join(", ", failing.GroupBy(c => c.Result.Verdict).Select(v => $"{v.Key.ToName()} {v.Count()}"));
        }
        // A folded row that expects a trap shows the first one, so the kcfi hashes stay in the table.
        var evidence = failing.Count > 0 ? $"args {failing[0].Case.Args}: {Evidence.Describe(failing[0].Result)}"
            : cases[0].Case.Expected != Verdict.Balanced ? $"args {cases[0].Case.Args}: {Evidence.Describe(cases[0].Result)}" : "";
        return new MatrixRow(build.Compiler.ToName(), build.Config.Name, site, stub, shape, ArgRanges(cases.Select(c => c.Case.Args)), expected, result, evidence, failing.Count == 0);
    }

    private static MatrixRow Control(CaseOutcome c) =>
        new(c.Case.Build.Compiler.ToName(), c.Case.Build.Config.Name, SiteName(c.Case.Site), c.Case.Stub.Name, c.Case.Shape.Name, c.Case.Args.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Expectation.Describe(c.Case), Evidence.VerdictText(c.Result), Evidence.Describe(c.Result), c.Ok);

    /// <summary>"0..12", or "0..3, 5, 8..12" when the matrix skips some counts.</summary>
    public static string ArgRanges(IEnumerable<int> args)
    {
        var sorted = args.Distinct().Order().ToArray();
        var parts = new List<string>();
        for (var i = 0; i < sorted.Length;)
        {
            var j = i;
            while (j + 1 < sorted.Length && sorted[j + 1] == sorted[j] + 1)
            {
                j++;
            }
            parts.Add(j > i ? $"{sorted[i]}..{sorted[j]}" : $"{sorted[i]}");
            i = j + 1;
        }
        return string.Join(", ", parts);
    }
}
