using Tpsim.Arch;
using Tpsim.Emulator.Checking;
using Tpsim.Emulator.Toolchain;
using Tpsim.Harness.Cases;
using Tpsim.Harness.Running;
using Xunit;

namespace Tpsim.Tests.Harness.Running;

/// <summary>The matrix run through the library, as <c>tpsim matrix</c> runs it: the verdicts, and what decides its exit code.</summary>
public sealed class MatrixRunTests
{
    private static readonly Compiler Compiler = new();

    [Fact]
    public void One_wrong_expectation_fails_that_case_only_and_the_matrix()
    {
        var isa = IsaRegistry.Create("x86_64");
        var all = StubMatrix.Build(isa);
        // The first control (expected to fail) made to expect balanced, as a broken checker would claim.
        var wrong = all.First(c => c.Expected != Verdict.Balanced);
        IReadOnlyList<StubCase> Cases(global::Tpsim.Emulator.Isa.IsaBackend i, BuildSpec b) =>
            [.. StubMatrix.Build(i, b).Select(c => c.Name == wrong.Name ? c with { Expected = Verdict.Balanced, ExpectedViolation = null, ExpectedTrapKind = null } : c)];

        var runs = MatrixRun.Execute([isa], null, Compiler, Cases);

        var outcomes = runs.Single().Cases;
        Assert.Equal(all.Count, outcomes.Count);
        Assert.Equal([wrong.Name], outcomes.Where(o => !o.Ok).Select(o => o.Case.Name));
        var totals = MatrixTotals.Of(runs);
        Assert.Equal(1, totals.Failed);
        Assert.False(totals.Passed);
    }

    [Fact]
    public void The_unchanged_matrix_passes()
    {
        var runs = MatrixRun.Execute([IsaRegistry.Create("riscv64")], null, Compiler);

        Assert.All(runs.Single().Cases, o => Assert.True(o.Ok, o.Case.Name));
        Assert.True(MatrixTotals.Of(runs).Passed);
    }

    [Fact]
    public void An_empty_matrix_does_not_pass()
    {
        var runs = MatrixRun.Execute([IsaRegistry.Create("arm64")], null, Compiler, (_, _) => []);

        Assert.Empty(runs.Single().Cases);
        Assert.False(MatrixTotals.Of(runs).Passed);
    }
}
