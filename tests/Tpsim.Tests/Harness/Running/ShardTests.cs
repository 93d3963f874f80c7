using Tpsim.Arch;
using Tpsim.Emulator.Toolchain;
using Tpsim.Harness.Cases;
using Tpsim.Harness.Running;
using Xunit;

namespace Tpsim.Tests.Harness.Running;

/// <summary><c>--shard I/N</c>: what parses, and that the shares of a plan are disjoint, balanced and add up to the whole run.</summary>
public sealed class ShardTests
{
    [Theory]
    [InlineData("1/1", 1, 1)]
    [InlineData("1/3", 1, 3)]
    [InlineData("3/3", 3, 3)]
    [InlineData("7/12", 7, 12)]
    public void A_share_within_its_count_parses(string text, int index, int count)
    {
        Assert.True(Shard.TryParse(text, out var shard, out var error), error);
        Assert.Equal(new Shard(index, count), shard);
        Assert.Equal(text, shard.ToString());
        Assert.Equal(shard, Shard.Parse(text));
    }

    [Theory]
    [InlineData("0/3", "needs 1 <= I <= N")]
    [InlineData("4/3", "needs 1 <= I <= N")]
    [InlineData("1/0", "needs 1 <= I <= N")]
    [InlineData("a/b", "is not I/N")]
    [InlineData("3", "is not I/N")]
    [InlineData("1/2/3", "is not I/N")]
    [InlineData("-1/3", "is not I/N")]
    [InlineData(" 1/3", "is not I/N")]
    [InlineData("", "is not I/N")]
    [InlineData(null, "is not I/N")]
    public void A_bad_share_is_refused_with_one_message(string? text, string message)
    {
        Assert.False(Shard.TryParse(text, out var shard, out var error));
        Assert.Null(shard);
        Assert.StartsWith("--shard: ", error, StringComparison.Ordinal);
        Assert.Contains(message, error, StringComparison.Ordinal);
        if (text is not null)
        {
            Assert.Throws<FormatException>(() => Shard.Parse(text));
        }
    }

    [Theory]
    [InlineData(10, 3)]
    [InlineData(9, 3)]
    [InlineData(2, 3)]
    [InlineData(5, 1)]
    public void CountOf_is_how_many_positions_a_share_takes(int total, int count)
    {
        for (var index = 1; index <= count; index++)
        {
            var shard = new Shard(index, count);
            Assert.Equal(Enumerable.Range(0, total).Count(shard.Takes), shard.CountOf(total));
        }
    }

    /// <summary>The real matrix's plan over two ISAs and two builds (one of which does not apply to x86_64).</summary>
    [Fact]
    public void Three_shares_of_a_matrix_plan_are_disjoint_balanced_and_make_up_the_whole_in_order()
    {
        IReadOnlyList<Tpsim.Emulator.Isa.IsaBackend> isas = [IsaRegistry.Create("x86_64"), IsaRegistry.Create("arm64")];
        IReadOnlyList<BuildSpec> builds = [BuildSpec.Default, new(CompilerKind.Clang, BuildConfigs.PacBti)];
        var whole = ShardPlan.Of(isas, builds, StubMatrix.Build, Shard.Whole);
        var all = Flatten(whole);
        Assert.Equal(whole.Total, all.Count);
        Assert.Equal(Enumerable.Range(0, all.Count), all.Select(c => c.Position));
        Assert.Single(whole.For(isas[0]).Skipped);

        var shares = Enumerable.Range(1, 3).Select(i => ShardPlan.Of(isas, builds, StubMatrix.Build, new Shard(i, 3))).ToList();
        var parts = shares.Select(Flatten).ToList();
        Assert.All(parts, p => Assert.NotEmpty(p));
        Assert.All(shares, s => Assert.Equal(whole.Total, s.Total));
        Assert.True(parts.Max(p => p.Count) - parts.Min(p => p.Count) <= 1);
        var union = parts.SelectMany(p => p).OrderBy(c => c.Position).ToList();
        Assert.Equal(all.Select(c => (c.Case.Name, c.Position)), union.Select(c => (c.Case.Name, c.Position)));
        // Every ISA keeps its skipped build in every share, and its planned count is the whole run's.
        Assert.All(shares, s => Assert.Equal(whole.For(isas[1]).Planned, s.For(isas[1]).Planned));
        Assert.All(shares, s => Assert.Single(s.For(isas[0]).Skipped));
    }

    [Fact]
    public void The_whole_share_is_the_plan_and_two_halves_are_not()
    {
        IReadOnlyList<Tpsim.Emulator.Isa.IsaBackend> isas = [IsaRegistry.Create("riscv64")];
        var whole = Flatten(ShardPlan.Of(isas, [BuildSpec.Default], StubMatrix.Build, Shard.Whole));
        var half = Flatten(ShardPlan.Of(isas, [BuildSpec.Default], StubMatrix.Build, new Shard(1, 2)));
        Assert.Equal(StubMatrix.Build(isas[0]).Select(c => c.Name), whole.Select(c => c.Case.Name));
        Assert.NotEqual(whole.Count, half.Count);
        Assert.All(half, c => Assert.Equal(0, c.Position % 2));
    }

    private static List<(StubCase Case, int Position)> Flatten(ShardPlan plan) =>
        [.. plan.Isas.SelectMany(i => i.Builds).SelectMany(b => b.Cases)];
}
