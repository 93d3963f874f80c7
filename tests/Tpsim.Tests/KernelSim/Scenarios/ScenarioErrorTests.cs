using Tpsim.KernelSim.Scenarios;
using Xunit;
using static Tpsim.Tests.KernelSim.Scenarios.ScenarioTestData;

namespace Tpsim.Tests.KernelSim.Scenarios;

/// <summary>
/// Every syntax error of Data/Scenarios/errors.txt is reported at its 1-based line with its offending word:
/// one case per line, <c>line | word | message fragment | scenario text</c>, the text with \n escapes.
/// </summary>
public sealed class ScenarioErrorTests
{
    public static TheoryData<int, string, string, string> Cases()
    {
        var data = new TheoryData<int, string, string, string>();
        var path = Path.Combine(DataDir, "errors.txt");
        foreach (var (raw, i) in File.ReadAllLines(path).Select((l, i) => (l, i + 1)))
        {
            if (raw.Trim().Length == 0 || raw.TrimStart().StartsWith('#'))
            {
                continue;
            }
            var cols = raw.Split('|', 4, StringSplitOptions.TrimEntries);
            if (cols.Length != 4 || !int.TryParse(cols[0], out var line))
            {
                throw new InvalidDataException($"errors.txt:{i}: expected 'line | word | fragment | text'");
            }
            data.Add(line, cols[1], cols[2], cols[3]);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Error_is_reported_at_its_line_and_word(int line, string word, string fragment, string text)
    {
        var scenario = Unescape(text);
        var e = Assert.Throws<ScenarioSyntaxException>(() => Parse(scenario));
        var shown = $"got: {e.Message}";
        Assert.True(line == e.Line, shown);
        Assert.True(word == e.Word, shown);
        Assert.True(e.What.Contains(fragment, StringComparison.Ordinal), shown);
        Assert.Equal(CaseFile, e.File);
        Assert.Equal($"{CaseFile}:{line}: {e.What} (at '{word}')", e.Message);

        Assert.False(ScenarioParser.TryParse(scenario, CaseFile, StrategyNames, out var s, out var again));
        Assert.Null(s);
        Assert.Equal(e.Message, again!.Message);
    }

    [Fact]
    public void The_case_file_has_cases()
    {
        Assert.True(Cases().Count >= 100);
    }
}
