using Tpsim.Emulator.Checking;
using Tpsim.Emulator.Toolchain;
using Tpsim.Harness.Cases;
using Xunit;

namespace Tpsim.Tests.Harness.Cases;

/// <summary>
/// The matrix for every ISA x compiler x config that applies, one theory row per argument count: the
/// stub in every array position through both sites, and every negative control, must come out as the
/// case expects (balanced; a kcfi trap where the C site checks types; the control's own failure).
/// </summary>
public sealed class BuildGridTests
{
    private static readonly Compiler Compiler = new();

    public static TheoryData<string, string, string, int> Grid()
    {
        var data = new TheoryData<string, string, string, int>();
        foreach (var isa in Isas.MatrixNames)
        {
            var backend = Isas.Create(isa);
            foreach (var kind in CompilerKinds.All)
            {
                foreach (var config in BuildConfigs.All)
                {
                    var build = new BuildSpec(kind, config);
                    if (build.IsDefault || backend.Toolchain.FlagsFor(build, out _) is null)
                    {
                        continue; // The default build is covered by the Proof tests; inapplicable ones by BuildApplicabilityTests.
                    }
                    for (var n = 0; n <= StubMatrix.MaxArgs; n++)
                    {
                        data.Add(isa, kind.ToName(), config.Name, n);
                    }
                }
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Grid))]
    public void Every_case_of_the_build_meets_its_expectation(string isa, string compiler, string config, int args)
    {
        Assert.True(CompilerKinds.TryParse(compiler, out var kind));
        Assert.True(BuildConfigs.TryGet(config, out var cfg));
        var build = new BuildSpec(kind, cfg);
        var backend = Isas.Create(isa);
        var cases = StubMatrix.Build(backend, build).Where(c => c.Args == args).ToList();
        Assert.NotEmpty(cases);
        using var runner = new CaseRunner(backend, Compiler, build);
        var wrong = new List<string>();
        foreach (var c in cases)
        {
            var r = runner.Run(c);
            var met = r.Verdict == c.Expected
                && (c.ExpectedTrapKind is null || r.Trap?.Kind == c.ExpectedTrapKind)
                && (c.ExpectedViolation is null || r.Violations.Any(v => v.Kind == c.ExpectedViolation));
            if (!met)
            {
                wrong.Add($"{c.Name}: expected {c.Expected.ToName()} {c.ExpectedTrapKind?.ToName() ?? c.ExpectedViolation?.ToName()}, got {r.Verdict.ToName()} {r.Trap?.Kind.ToName()} {r.Trap?.Instruction} {string.Join("; ", r.Violations)} {r.Fault}");
            }
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }
}
