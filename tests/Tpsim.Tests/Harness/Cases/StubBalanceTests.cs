using Tpsim.Arch.Arm;
using Tpsim.Arch.Arm64;
using Tpsim.Arch.I386;
using Tpsim.Arch.Riscv64;
using Tpsim.Arch.X86_64;
using Tpsim.Emulator.Checking;
using Tpsim.Emulator.Isa;
using Tpsim.Harness.Cases;
using Xunit;

namespace Tpsim.Tests.Harness.Cases;

/// <summary>
/// The stub, compiled from C and written by hand, in every array position, called with 0..12 extra
/// arguments through the C iterator and the hand-written site: every case must be balanced, and
/// every probe around the stubs must have run with its data and all its arguments.
/// </summary>
public abstract class StubBalanceTests<TBackend>(RunnerFixture<TBackend> fixture) : IClassFixture<RunnerFixture<TBackend>>
    where TBackend : IsaBackend, new()
{
    public static TheoryData<string> BalancedCases()
    {
        var data = new TheoryData<string>();
        foreach (var c in StubMatrix.Build(new TBackend()).Where(c => c.Expected == Verdict.Balanced))
        {
            data.Add(c.Name);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(BalancedCases))]
    public void Stub_call_is_balanced(string name)
    {
        var c = fixture.Cases[name];
        var r = fixture.Runner.Run(c);
        Assert.True(r.Verdict == Verdict.Balanced,
            $"{name}: {r.Verdict.ToName()} {string.Join("; ", r.Violations)} {r.Trap} {r.Fault} {string.Join("; ", r.Notes)}");
        Assert.Empty(r.Violations);
        Assert.Equal(c.Shape.Entries.Count, r.CallsCompleted);
        Assert.Empty(r.Notes);
    }
}

public sealed class StubBalanceTestsX86_64(RunnerFixture<X86_64Backend> f) : StubBalanceTests<X86_64Backend>(f);

public sealed class StubBalanceTestsArm64(RunnerFixture<Arm64Backend> f) : StubBalanceTests<Arm64Backend>(f);

public sealed class StubBalanceTestsRiscv64(RunnerFixture<Riscv64Backend> f) : StubBalanceTests<Riscv64Backend>(f);

public sealed class StubBalanceTestsI386(RunnerFixture<I386Backend> f) : StubBalanceTests<I386Backend>(f);

public sealed class StubBalanceTestsS390x(RunnerFixture<Tpsim.Arch.S390x.S390xBackend> f) : StubBalanceTests<Tpsim.Arch.S390x.S390xBackend>(f);

public sealed class StubBalanceTestsArm(RunnerFixture<ArmBackend> f) : StubBalanceTests<ArmBackend>(f);

public sealed class StubBalanceTestsMips64(RunnerFixture<Tpsim.Arch.Mips64.Mips64Backend> f) : StubBalanceTests<Tpsim.Arch.Mips64.Mips64Backend>(f);

public sealed class StubBalanceTestsPpc64(RunnerFixture<Tpsim.Arch.Ppc64.Ppc64Backend> f) : StubBalanceTests<Tpsim.Arch.Ppc64.Ppc64Backend>(f);
