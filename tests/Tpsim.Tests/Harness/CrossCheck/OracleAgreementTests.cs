using Tpsim.Arch.Arm;
using Tpsim.Arch.Arm64;
using Tpsim.Arch.I386;
using Tpsim.Arch.Mips64;
using Tpsim.Arch.Ppc64;
using Tpsim.Arch.Riscv64;
using Tpsim.Arch.S390x;
using Tpsim.Arch.X86_64;
using Tpsim.Emulator.Checking;
using Tpsim.Emulator.Isa;
using Tpsim.Emulator.Toolchain;
using Tpsim.Harness.CrossCheck;
using Tpsim.Harness.Cases;
using Xunit;

namespace Tpsim.Tests.Harness.CrossCheck;

/// <summary>
/// An executor independent of Unicorn (the host CPU for x86_64, qemu-user for the rest) runs the same objects
/// with the ISA's own harness.S and must reach tpsim's verdict: balanced cases balanced, and every negative
/// control failing the same way, with the same violation kind at the same call where the harness can name it.
/// A missing oracle is a failure, never a silent pass.
/// </summary>
public abstract class OracleAgreementTests<TBackend>(RunnerFixture<TBackend> fixture) : IClassFixture<RunnerFixture<TBackend>>, IDisposable
    where TBackend : IsaBackend, new()
{
    private readonly OracleExecutor _oracle = new(fixture.Isa, new Compiler(), TimeSpan.FromSeconds(1.5));

    public void Dispose() => _oracle.Dispose();

    /// <summary>Balanced cases at the argument counts that matter: none, the last register one, the first on the stack, the most.</summary>
    public static TheoryData<string> BalancedCases()
    {
        var isa = new TBackend();
        var regs = isa.Abi.IntegerArguments.Count;
        int[] counts = [0, regs - 1, regs, StubMatrix.MaxArgs];
        var data = new TheoryData<string>();
        foreach (var c in StubMatrix.Build(isa).Where(c => !c.Stub.Name.StartsWith("control:", StringComparison.Ordinal) && counts.Contains(c.Args)))
        {
            data.Add(c.Name);
        }
        return data;
    }

    public static TheoryData<string> ControlCases()
    {
        var data = new TheoryData<string>();
        foreach (var c in StubMatrix.Build(new TBackend()).Where(c => c.Stub.Name.StartsWith("control:", StringComparison.Ordinal)))
        {
            data.Add(c.Name);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(BalancedCases))]
    public void Balanced_case_is_balanced_under_the_oracle_and_in_tpsim(string name)
    {
        Assert.Null(OracleExecutor.Unavailable(_oracle.Isa));
        var c = fixture.Cases[name];
        var oracle = _oracle.Run(c);
        var emulated = fixture.Runner.Run(c);
        Assert.True(oracle.Verdict == Verdict.Balanced, $"{name}: oracle {oracle}");
        Assert.Equal(emulated.Verdict, oracle.Verdict);
    }

    [Theory]
    [MemberData(nameof(ControlCases))]
    public void Negative_control_fails_the_same_way_under_the_oracle(string name)
    {
        Assert.Null(OracleExecutor.Unavailable(_oracle.Isa));
        var c = fixture.Cases[name];
        var oracle = _oracle.Run(c);
        var emulated = fixture.Runner.Run(c);
        var shown = $"{name}: oracle {oracle}, tpsim {emulated.Verdict.ToName()} {string.Join("; ", emulated.Violations)}";
        if (Agreement.Limit(c) is not null)
        {
            // A documented limit of the executor (ppc64: qemu-user cannot turn the FPU off): pinned as a difference,
            // so that a qemu that can reproduce the kernel's behaviour shows up here.
            Assert.True(c.Expected == emulated.Verdict, shown);
            Assert.True(emulated.Verdict != oracle.Verdict, shown);
            return;
        }
        Assert.True(c.Expected == oracle.Verdict, shown);
        // Same verdict; same kind at the same call; a trap, fault or loop after as many completed calls.
        Assert.True(Agreement.Disagreement(c, emulated, oracle) is null, $"{shown}: {Agreement.Disagreement(c, emulated, oracle)}");
    }
}

public sealed class X86_64OracleTests(RunnerFixture<X86_64Backend> f) : OracleAgreementTests<X86_64Backend>(f);

public sealed class Arm64OracleTests(RunnerFixture<Arm64Backend> f) : OracleAgreementTests<Arm64Backend>(f);

public sealed class Riscv64OracleTests(RunnerFixture<Riscv64Backend> f) : OracleAgreementTests<Riscv64Backend>(f);

public sealed class I386OracleTests(RunnerFixture<I386Backend> f) : OracleAgreementTests<I386Backend>(f);

public sealed class S390xOracleTests(RunnerFixture<S390xBackend> f) : OracleAgreementTests<S390xBackend>(f);

public sealed class ArmOracleTests(RunnerFixture<ArmBackend> f) : OracleAgreementTests<ArmBackend>(f);

public sealed class Mips64OracleTests(RunnerFixture<Mips64Backend> f) : OracleAgreementTests<Mips64Backend>(f);

public sealed class Ppc64OracleTests(RunnerFixture<Ppc64Backend> f) : OracleAgreementTests<Ppc64Backend>(f);
