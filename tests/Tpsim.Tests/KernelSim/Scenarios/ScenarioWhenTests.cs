using Tpsim.KernelSim.Scenarios;
using Xunit;
using static Tpsim.Tests.KernelSim.Scenarios.ScenarioTestData;

namespace Tpsim.Tests.KernelSim.Scenarios;

/// <summary>A trailing <c>when S1 S2 ...</c> restricts a step to those removal strategies.</summary>
public sealed class ScenarioWhenTests
{
    private const string Text = """
        tracepoint demo 1                          # 1
        module rec probes a b                      # 2
        load rec                                   # 3
        register demo rec.a                        # 4
        register demo rec.b                        # 5
        fail-alloc path=func_remove when fail      # 6
        unregister demo rec.a when fail nofail     # 7
        expect return -ENOMEM when fail            # 8
        expect return 0 when nofail                # 9
        unregister demo rec.a when sentinel stub double-array typed-stub skip
        expect array rec.b when nofail             # 11
        expect array stub rec.b when stub typed-stub
        expect array sentinel rec.b when sentinel
        expect array skip rec.b when skip
        expect array rec.a rec.b when fail double-array
        grace-period
        expect array rec.b when fail double-array stub typed-stub
        """;

    /// <summary>A strategy and the lines of the steps that run for it.</summary>
    public static TheoryData<string, int[]> Runs => new()
    {
        { "fail", [1, 2, 3, 4, 5, 6, 7, 8, 15, 16, 17] },
        { "nofail", [1, 2, 3, 4, 5, 7, 9, 11, 16] },
        { "sentinel", [1, 2, 3, 4, 5, 10, 13, 16] },
        { "stub", [1, 2, 3, 4, 5, 10, 12, 16, 17] },
        { "double-array", [1, 2, 3, 4, 5, 10, 15, 16, 17] },
        { "typed-stub", [1, 2, 3, 4, 5, 10, 12, 16, 17] },
        { "skip", [1, 2, 3, 4, 5, 10, 14, 16] },
    };

    [Theory]
    [MemberData(nameof(Runs))]
    public void Steps_run_only_for_their_strategies(string strategy, int[] lines)
    {
        var s = Parse(Text);
        Assert.Equal(17, s.Steps.Count);
        Assert.Equal(lines, s.StepsFor(strategy).Select(x => x.Line));
        Assert.Equal(lines, s.Steps.Where(x => x.AppliesTo(strategy)).Select(x => x.Line));
    }

    [Fact]
    public void When_is_recorded_as_a_set_and_kept_in_the_text()
    {
        var s = Parse(Text);
        Assert.Null(s.Steps[3].When);
        Assert.Equal(new HashSet<string> { "fail", "nofail" }, s.Steps[6].When);
        Assert.Equal("unregister demo rec.a when fail nofail", s.Steps[6].Text);
        var u = Assert.IsType<UnregisterStep>(s.Steps[6]);
        Assert.Equal(new ProbeRef("rec", "a"), u.Probe);
        Assert.Equal(-12, Assert.IsType<ExpectReturnStep>(s.Steps[7]).Value);
        Assert.Equal("func_remove", Assert.IsType<FailAllocStep>(s.Steps[5]).Path);
        Assert.Equal(1, Assert.IsType<FailAllocStep>(s.Steps[5]).Count);
    }

    [Fact]
    public void Unknown_names_are_never_applicable()
    {
        var s = Parse(Text);
        Assert.False(s.Steps[5].AppliesTo("FAIL"));
        Assert.True(s.Steps[0].AppliesTo("anything"));
    }

    [Fact]
    public void Expectations_are_satisfied_when_every_strategy_has_an_earlier_step()
    {
        // No single register runs everywhere, but each strategy has one before the unconditional expectation.
        var s = Parse("""
            tracepoint demo 0
            module rec probes a
            register demo rec.a when fail
            register demo rec.a prio=1 when nofail sentinel stub double-array typed-stub skip skip-fixed
            expect return 0
            fire demo when fail nofail sentinel
            fire demo when stub double-array typed-stub skip skip-fixed
            expect verdict balanced
            expect calls rec.a
            expect dmesg
            """);
        Assert.Equal(10, s.Steps.Count);
    }
}
