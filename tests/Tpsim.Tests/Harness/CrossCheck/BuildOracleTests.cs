using Tpsim.Arch.Arm;
using Tpsim.Arch.Arm64;
using Tpsim.Arch.I386;
using Tpsim.Arch.Riscv64;
using Tpsim.Arch.X86_64;
using Tpsim.Emulator.Isa;
using Tpsim.Emulator.Toolchain;
using Tpsim.Harness.CrossCheck;
using Tpsim.Harness.Cases;
using Xunit;

namespace Tpsim.Tests.Harness.CrossCheck;

/// <summary>
/// The builds whose behaviour the oracle has to reproduce on purpose: kcfi (the shims carry their callee's type
/// hash), pac-bti (the program is linked BTI, so qemu guards its pages), scs (x18 is a shadow call stack both
/// executors seed and check), stdcall (callee-pop) and thumb2. Every
/// control and the 12-argument stub cases must agree with tpsim, including where they trap.
/// </summary>
public sealed class BuildOracleTests
{
    private static readonly (IsaBackend Isa, string Config)[] Builds =
    [
        (new X86_64Backend(), "kcfi"), (new Arm64Backend(), "kcfi"), (new Riscv64Backend(), "kcfi"), (new ArmBackend(), "kcfi"),
        (new Arm64Backend(), "pac-bti"), (new Arm64Backend(), "scs"), (new I386Backend(), "stdcall"), (new ArmBackend(), "thumb2"),
    ];

    private static BuildConfig Config(string name) => BuildConfigs.TryGet(name, out var c) ? c : throw new ArgumentException(name);

    public static TheoryData<string, string, string> Cases()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var (isa, config) in Builds)
        {
            var build = new BuildSpec(CompilerKind.Clang, Config(config));
            foreach (var c in StubMatrix.Build(isa, build).Where(c => c.Stub.Name.StartsWith("control:", StringComparison.Ordinal)
                || (c.Args == StubMatrix.MaxArgs && c.Shape.Name == "stub-middle")))
            {
                data.Add(isa.Name, config, c.Name);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Build_case_agrees_with_the_oracle(string isaName, string config, string name)
    {
        var isa = Builds.First(b => b.Isa.Name == isaName && b.Config == config).Isa;
        var build = new BuildSpec(CompilerKind.Clang, Config(config));
        var c = StubMatrix.Build(isa, build).Single(x => x.Name == name);
        var compiler = new Compiler();
        using var runner = new CaseRunner(isa, compiler, build);
        using var oracle = new OracleExecutor(isa, compiler, TimeSpan.FromSeconds(1.5));
        Assert.Null(OracleExecutor.Unavailable(oracle.Isa));
        var tpsim = runner.Run(c);
        var o = oracle.Run(c);
        Assert.True(tpsim.Verdict == c.Expected, $"{name}: tpsim {Agreement.Describe(tpsim)}, expected {c.Expected}");
        Assert.True(Agreement.Disagreement(c, tpsim, o) is null, $"{name}: {Agreement.Disagreement(c, tpsim, o)}");
    }
}
