using Tpsim.Arch;
using Tpsim.Emulator.Toolchain;
using Tpsim.Harness.Running;
using Xunit;

namespace Tpsim.Tests.Harness.Running;

/// <summary>The cross-check run through the library: the matrix and generated cases on tpsim and on the ISA's executor.</summary>
public sealed class CrossCheckRunTests
{
    [Fact]
    public void Every_case_of_one_isa_agrees_with_its_executor()
    {
        var plan = new CrossCheckPlan([IsaRegistry.Create("i386")], [BuildSpec.Default], Generated: 5, Seed: 3);

        var isa = CrossCheckRun.Execute(plan).Single();

        Assert.True(isa.Cases.Count > 5);
        Assert.Equal(0, isa.HostErrors);
        Assert.Empty(isa.Cases.Where(c => c.Disagreement is not null).Select(c => $"{c.Case.Name}: {c.Disagreement}"));
        Assert.Equal(isa.Cases.Count, isa.Agree + isa.Excluded);
    }
}
