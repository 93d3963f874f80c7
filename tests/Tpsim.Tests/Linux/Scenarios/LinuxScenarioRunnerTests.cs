using Tpsim.Emulator.Toolchain;
using Tpsim.KernelSim.Scenarios;
using Tpsim.KernelSim.Strategies;
using Tpsim.Linux;
using Tpsim.Linux.Build;
using Tpsim.Linux.Scenarios;
using Tpsim.Linux.Trees;
using Xunit;
using Xunit.Abstractions;

namespace Tpsim.Tests.Linux.Scenarios;

/// <summary>
/// The built-in seed scenario on linux-6.12, unchanged: the same file the simulated kernel runs, its <c>stub</c> lines
/// checked against the real kernel/tracepoint.o. Under kcfi its <c>when stub kcfi</c> lines (a kcfi trap) hold.
/// </summary>
[Collection(Build.KernelBuildCollection.Name)]
public sealed class LinuxScenarioRunnerTests(ITestOutputHelper output)
{
    private static readonly KernelCache Cache = new(Compiler.DefaultCacheDirectory());

    public static TheoryData<string, string> Runs() => new()
    {
        { "x86_64", "default" }, { "arm64", "default" }, { "riscv64", "default" },
        { "x86_64", "kcfi" }, { "arm64", "kcfi" }, { "riscv64", "kcfi" },
    };

    [Theory]
    [MemberData(nameof(Runs))]
    public void The_seed_scenario_passes_on_the_real_kernel(string isa, string config)
    {
        var scenario = BuiltinScenarios.Load("seed", KernelStrategies.Names);
        var tree = new KernelTrees(Cache).Open(KernelSpec.Parse("linux-6.12"));
        BuildConfigs.TryGet(config, out var cfg);
        var build = new KernelBuilds(Cache).Prepare(tree, Isas.Create(isa), new BuildSpec(CompilerKind.Clang, cfg));
        var run = new LinuxScenarioRunner(Cache, output.WriteLine).Run(scenario, build);
        foreach (var step in run.Steps)
        {
            output.WriteLine($"{step.Line,3} {step.Status,-7} {step.Command}{(step.Actual is { } a ? $"  [{a}]" : "")}");
        }
        Assert.Empty(run.Failures);
        // The lines that make the seed's point ran, not only passed vacuously.
        Assert.Contains(run.Steps, s => s.Command.StartsWith("expect array stub bystander.watch", StringComparison.Ordinal) && s.Status == "ok");
        Assert.Contains(run.Steps, s => s.Command.StartsWith(config == "kcfi" ? "expect trap kcfi" : "expect verdict balanced                 when stub !kcfi", StringComparison.Ordinal) && s.Status == "ok");
    }
}
