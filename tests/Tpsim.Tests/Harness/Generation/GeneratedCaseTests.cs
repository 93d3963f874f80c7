using CsCheck;
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
using Tpsim.Harness.Generation;
using Tpsim.Harness.Cases;
using Xunit;

namespace Tpsim.Tests.Harness.Generation;

/// <summary>
/// Generated stub cases: tpsim, the independent oracle and the generator's own prediction must agree on the
/// verdict, the violation kind and the call. Each ISA's table (Data/Generated/&lt;isa&gt;.txt) pins hand-picked
/// cases, one per rule, and a CsCheck property samples the generator with a fixed seed.
/// </summary>
public abstract class GeneratedCaseTests<TBackend> : IDisposable where TBackend : IsaBackend, new()
{
    private readonly IsaBackend _isa = new TBackend();
    private readonly Compiler _compiler = new();
    private readonly OracleExecutor _oracle;
    private CaseRunner _runner;

    protected GeneratedCaseTests()
    {
        _oracle = new OracleExecutor(_isa, _compiler, TimeSpan.FromSeconds(1.5));
        _runner = new CaseRunner(_isa, _compiler);
    }

    public void Dispose()
    {
        _runner.Dispose();
        _oracle.Dispose();
    }

    /// <summary>Rows of the ISA's table: spec | verdict | violation kind or - | call or -.</summary>
    public static TheoryData<string, string, string, string> Rows()
    {
        var isa = new TBackend().Name;
        var data = new TheoryData<string, string, string, string>();
        foreach (var line in File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Data", "Generated", $"{isa}.txt")))
        {
            var l = line.Trim();
            if (l.Length == 0 || l.StartsWith('#'))
            {
                continue;
            }
            var p = l.Split('|', StringSplitOptions.TrimEntries);
            if (p.Length != 4)
            {
                throw new InvalidDataException($"{isa}.txt: expected 4 columns in '{l}'");
            }
            data.Add(p[0], p[1], p[2], p[3]);
        }
        return data;
    }

    private (CaseResult Tpsim, OracleResult Oracle, StubCase Case) RunBoth(GeneratedCase g)
    {
        var c = g.ToStubCase(_isa, BuildSpec.Default);
        if (!_runner.HasRoomFor(c))
        {
            _runner.Dispose();
            _runner = new CaseRunner(_isa, _compiler);
        }
        return (_runner.Run(c), _oracle.Run(c), c);
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public void Pinned_case_gets_the_tabled_verdict_from_all_three(string spec, string verdict, string kind, string call)
    {
        Assert.Null(OracleExecutor.Unavailable(_oracle.Isa));
        Assert.True(GeneratedCase.TryParse(spec, out var g, out var error), error);
        var (tpsim, oracle, c) = RunBoth(g!);
        var shown = $"{spec}: predicted {Agreement.Predicted(c)}, tpsim {Agreement.Describe(tpsim)}, oracle {oracle}";
        // The table is written by hand, so it checks the prediction; Agreement then holds both executors to it.
        Assert.True(verdict == c.Expected.ToName(), shown);
        Assert.True((kind == "-" ? null : kind) == c.ExpectedViolation?.ToName(), shown);
        if (c.Expected == Verdict.Unbalanced)
        {
            Assert.True(int.Parse(call, System.Globalization.CultureInfo.InvariantCulture) == c.ExpectedCall, shown);
        }
        Assert.True(Agreement.Disagreement(c, tpsim, oracle) is null, $"{shown}: {Agreement.Disagreement(c, tpsim, oracle)}");
    }

    [Fact]
    public void Generated_cases_agree_three_ways()
    {
        Assert.Null(OracleExecutor.Unavailable(_oracle.Isa));
        var iterations = int.TryParse(Environment.GetEnvironmentVariable("TPSIM_GENERATED_CASES"), out var n) ? n : 25;
        var seed = Environment.GetEnvironmentVariable("TPSIM_GENERATED_SEED") ?? "0000000tpsim";
        CaseGenerator.For(_isa).Sample(g =>
        {
            var (tpsim, oracle, c) = RunBoth(g);
            var disagreement = Agreement.Disagreement(c, tpsim, oracle);
            Assert.True(disagreement is null, $"{g.Spec}: {disagreement}; rerun: ./tpsim check --arch {_isa.Name} --generated '{g.Spec}' --oracle");
        }, iter: iterations, threads: 1, print: g => g.Spec, seed: seed);
    }
}

public sealed class X86_64GeneratedTests : GeneratedCaseTests<X86_64Backend>;

public sealed class Arm64GeneratedTests : GeneratedCaseTests<Arm64Backend>;

public sealed class Riscv64GeneratedTests : GeneratedCaseTests<Riscv64Backend>;

public sealed class I386GeneratedTests : GeneratedCaseTests<I386Backend>;

public sealed class S390xGeneratedTests : GeneratedCaseTests<S390xBackend>;

public sealed class ArmGeneratedTests : GeneratedCaseTests<ArmBackend>;

public sealed class Mips64GeneratedTests : GeneratedCaseTests<Mips64Backend>;

public sealed class Ppc64GeneratedTests : GeneratedCaseTests<Ppc64Backend>;
