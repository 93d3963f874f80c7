using System.Text.Json;
using Xunit;

namespace Tpsim.Tests.Cli.Reports;

/// <summary>
/// Every <c>--format html</c> report rendered by headless chromium: the DOM after the scripts ran holds one row per
/// case (or step) and one SVG stack picture per case that did not end balanced, counted independently from the same
/// command's JSON; the filter works in the browser; a screenshot is taken; no script error. The controls at the end
/// show each check failing on a page that breaks it.
/// </summary>
public sealed class HtmlReportTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Matrix_page_has_a_row_per_case_and_a_picture_per_non_balanced_case()
    {
        var (cases, page) = MatrixPage(["matrix", "--arch", "x86_64,riscv64"], minimumNotBalanced: 11);
        Assert.Equal(
            [.. cases.GroupBy(c => c.GetProperty("arch").GetString()).Select(g => $"({g.Count()} of {g.Count()} rows)")],
            page.Counts);
    }

    [Fact]
    public void Real_kernel_matrix_page_pictures_every_non_balanced_case_from_its_recorded_fire() =>
        // The controls as modules: their fires are recorded as they run.
        MatrixPage(["matrix", "--kernel", "linux-6.12", "--arch", "x86_64"], minimumNotBalanced: 4);

    /// <summary>The matrix as JSON and as a page: a row per case, a picture per case that did not end balanced.</summary>
    private (List<JsonElement> Cases, HeadlessChromium.Page Page) MatrixPage(string[] run, int minimumNotBalanced)
    {
        var json = Json([.. run, "--format", "json", "--out", "m.json"]);
        var cases = json.RootElement.GetProperty("cases").EnumerateArray().Select(c => c.Clone()).ToList();
        var notBalanced = cases.Count(c => c.GetProperty("verdict").GetString() != "balanced");
        var page = Html("m.html", [.. run, "--format", "html", "--out", "m.html"]);
        Rendered(page);
        Assert.Equal(cases.Count, page.Rows);
        Assert.True(notBalanced >= minimumNotBalanced, $"only {notBalanced} non-balanced cases: the controls are missing");
        Assert.Equal(notBalanced, page.StackPictures);
        return (cases, page);
    }

    [Fact]
    public void The_filter_in_the_link_hides_every_other_row_in_the_browser()
    {
        Html("m.html", "matrix", "--arch", "x86_64", "--format", "html", "--out", "m.html");
        var page = HeadlessChromium.Load(Path.Combine(_dir.Path, "m.html"), "filter=control%3Acallee-pop");
        Rendered(page);
        // Both sites run the callee-pop control: two rows stay, every other row is hidden.
        Assert.Equal(["(2 of " + page.Rows + " rows)"], page.Counts);
        Assert.Equal(page.Rows - 2, page.HiddenRows);
        var unfiltered = HeadlessChromium.Load(Path.Combine(_dir.Path, "m.html"), "nonbalanced");
        Assert.Equal(unfiltered.Rows - unfiltered.StackPictures, unfiltered.HiddenRows);
    }

    [Fact]
    public void Check_page_pictures_the_callee_pop_with_sp_after_the_return_marked_wrong()
    {
        var stub = Path.Combine(CliProcess.RepoRoot, "src", "Arch", "x86_64", "Controls", "callee-pop.S");
        var r = CliProcess.Run(_dir.Path, "check", "--arch", "x86_64", "--stub", stub, "--format", "html");
        Assert.True(r.ExitCode == 1, r.ToString());
        _dir.Write("c.html", r.Stdout);
        var page = HeadlessChromium.Load(Path.Combine(_dir.Path, "c.html"));
        Rendered(page);
        Assert.Equal(1, page.Rows);
        Assert.Equal(1, page.StackPictures);
        Assert.Contains("<g class=\"m bad\">", page.Dom, StringComparison.Ordinal);
        Assert.Contains("SP after the return (+16 bytes)", page.Dom, StringComparison.Ordinal);
        // The trace is there, collapsed, with the marked instruction.
        Assert.Contains("retq $0x10", page.Dom, StringComparison.Ordinal);
        Assert.Contains("violation: call 1 (tp_stub_func): stack-pointer rsp", page.Dom, StringComparison.Ordinal);

        var balanced = CliProcess.Run(_dir.Path, "check", "--arch", "x86_64", "--stub", Path.Combine(CliProcess.RepoRoot, "src", "Arch", "x86_64", "stub.S"), "--format", "html");
        Assert.True(balanced.ExitCode == 0, balanced.ToString());
        _dir.Write("b.html", balanced.Stdout);
        var none = HeadlessChromium.Load(Path.Combine(_dir.Path, "b.html"));
        Rendered(none);
        Assert.Equal(0, none.StackPictures);
    }

    [Fact]
    public void Scenario_page_pictures_every_fire_that_did_not_end_balanced()
    {
        string[] run = ["scenario", "--builtin", "seed", "--arch", "x86_64,arm64", "--strategy", "all", "--config", "default,kcfi"];
        var json = Json([.. run, "--format", "json", "--out", "s.json"]);
        var steps = json.RootElement.GetProperty("runs").EnumerateArray().SelectMany(r => r.GetProperty("steps").EnumerateArray()).ToList();
        var notBalanced = steps.Count(s => s.TryGetProperty("run", out var o) && s.GetProperty("command").GetString()!.StartsWith("fire", StringComparison.Ordinal)
            && o.GetProperty("verdict").GetString() != "balanced");
        var page = Html("s.html", [.. run, "--format", "html", "--out", "s.html"]);
        Rendered(page);
        Assert.Equal(steps.Count, page.Rows);
        Assert.True(notBalanced >= 8, $"{notBalanced}: fail, skip and kcfi's stub must give non-balanced fires");
        Assert.Equal(notBalanced, page.StackPictures);
    }

    [Fact]
    public void Strategies_page_pictures_every_non_balanced_seed_fire()
    {
        var r = CliProcess.Run(_dir.Path, "strategies", "--arch", "x86_64", "--format", "json");
        Assert.True(r.ExitCode == 0, r.ToString());
        using var json = JsonDocument.Parse(r.Stdout);
        var cells = json.RootElement.GetProperty("strategies").EnumerateArray().Select(s => s.GetProperty("byArch").GetProperty("x86_64")).ToList();
        var notBalanced = cells.Sum(c => c.GetProperty("seedVerdicts").EnumerateArray().Concat(c.GetProperty("kcfiVerdicts").EnumerateArray()).Count(v => v.GetString() != "balanced"));
        var page = StdoutPage("st.html", "strategies", "--arch", "x86_64", "--format", "html");
        Rendered(page);
        Assert.Equal(cells.Count, page.Rows);
        Assert.True(notBalanced >= 6, $"{notBalanced}: fail's faults, stub's kcfi traps and skip's loops");
        Assert.Equal(notBalanced, page.StackPictures);
    }

    [Fact]
    public void Crosscheck_page_has_a_row_per_compared_case_and_a_picture_per_non_balanced_one()
    {
        var r = CliProcess.Run(_dir.Path, "crosscheck", "--arch", "x86_64", "--cases", "6", "--format", "json");
        Assert.True(r.ExitCode == 0, r.ToString());
        using var json = JsonDocument.Parse(r.Stdout);
        var total = json.RootElement.GetProperty("agreement").GetProperty("x86_64").GetProperty("cases").GetInt32();
        var page = StdoutPage("x.html", "crosscheck", "--arch", "x86_64", "--cases", "6", "--format", "html");
        Rendered(page);
        Assert.Equal(total, page.Rows);
        var notBalancedRows = System.Text.RegularExpressions.Regex.Count(page.Dom, "<tr class=\"row [a-z]+\" data-verdict=\"(?!balanced)");
        Assert.True(notBalancedRows > 10, $"{notBalancedRows}");
        Assert.Equal(notBalancedRows, page.StackPictures);
    }

    [Fact]
    public void Controls_a_script_error_a_missing_picture_and_a_page_whose_script_never_ran_are_all_caught()
    {
        var stub = Path.Combine(CliProcess.RepoRoot, "src", "Arch", "x86_64", "Controls", "callee-pop.S");
        var r = CliProcess.Run(_dir.Path, "check", "--arch", "x86_64", "--stub", stub, "--format", "html");
        var good = r.Stdout;

        _dir.Write("error.html", good.Replace("</body>", "<script>undefinedFunction();</script></body>", StringComparison.Ordinal));
        var broken = HeadlessChromium.Load(Path.Combine(_dir.Path, "error.html"));
        Assert.NotEmpty(broken.ScriptErrors);

        var svgStart = good.IndexOf("<svg class=\"stack\"", StringComparison.Ordinal);
        var svgEnd = good.IndexOf("</svg>", svgStart, StringComparison.Ordinal) + "</svg>".Length;
        _dir.Write("nosvg.html", good[..svgStart] + good[svgEnd..]);
        Assert.Equal(0, HeadlessChromium.Load(Path.Combine(_dir.Path, "nosvg.html")).StackPictures);

        var scriptStart = good.LastIndexOf("<script>", StringComparison.Ordinal);
        var scriptEnd = good.LastIndexOf("</script>", StringComparison.Ordinal) + "</script>".Length;
        _dir.Write("noscript.html", good[..scriptStart] + good[scriptEnd..]);
        var inert = HeadlessChromium.Load(Path.Combine(_dir.Path, "noscript.html"));
        Assert.False(inert.ScriptsRan);
        Assert.Equal([""], inert.Counts);
    }

    /// <summary>The page rendered: scripts ran without an error, a screenshot of the window's size was taken.</summary>
    private static void Rendered(HeadlessChromium.Page page)
    {
        Assert.True(page.ScriptsRan, "the page's script did not run to its end");
        Assert.Empty(page.ScriptErrors);
        Assert.Equal((HeadlessChromium.Width, HeadlessChromium.Height), page.PngSize);
        // Nothing is fetched: a self-contained page names no URL to load.
        Assert.DoesNotContain("src=\"http", page.Dom, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"http", page.Dom, StringComparison.Ordinal);
    }

    private JsonDocument Json(params string[] args)
    {
        var r = CliProcess.Run(TimeSpan.FromMinutes(30), _dir.Path, args);
        Assert.True(r.ExitCode == 0, r.ToString());
        return JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir.Path, args[Array.IndexOf(args, "--out") + 1])));
    }

    /// <summary>A command that writes its page to stdout (exit 0), saved as <paramref name="file"/> and loaded.</summary>
    private HeadlessChromium.Page StdoutPage(string file, params string[] args)
    {
        var r = CliProcess.Run(TimeSpan.FromMinutes(30), _dir.Path, args);
        Assert.True(r.ExitCode == 0, r.ToString());
        _dir.Write(file, r.Stdout);
        return HeadlessChromium.Load(Path.Combine(_dir.Path, file));
    }

    private HeadlessChromium.Page Html(string file, params string[] args)
    {
        var r = CliProcess.Run(TimeSpan.FromMinutes(30), _dir.Path, args);
        Assert.True(r.ExitCode == 0, r.ToString());
        return HeadlessChromium.Load(Path.Combine(_dir.Path, file));
    }
}
