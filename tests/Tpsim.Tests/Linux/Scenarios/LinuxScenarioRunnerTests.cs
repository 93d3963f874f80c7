using Tpsim.Emulator.Toolchain;
using Tpsim.KernelSim.Scenarios;
using Tpsim.KernelSim.Scenarios.Running;
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

    /// <summary>
    /// kCFI type hashes depend on the C type only, so every ISA's real trap names the same two, and they are the ones the
    /// simulated kernel's own kcfi build of the seed reports: targetType is tp_stub_func's void(void), expectedType the
    /// iterator's prototype. Different from each other, or there would be no trap.
    /// </summary>
    [Fact]
    public void The_real_kcfi_traps_name_the_same_type_hashes_on_every_isa_and_as_the_model()
    {
        var scenario = BuiltinScenarios.Load("seed", KernelStrategies.Names);
        var tree = new KernelTrees(Cache).Open(KernelSpec.Parse("linux-6.12"));
        var kcfi = new BuildSpec(CompilerKind.Clang, BuildConfigs.Kcfi);
        var hashes = new List<(uint?, uint?)>();
        foreach (var isa in new[] { "x86_64", "arm64", "riscv64" })
        {
            var run = new LinuxScenarioRunner(Cache).Run(scenario, new KernelBuilds(Cache).Prepare(tree, Isas.Create(isa), kcfi));
            var trap = run.Steps.First(s => s.Run?.Trap is not null).Run!.Trap!;
            hashes.Add((trap.ExpectedType, trap.TargetType));
        }
        var model = new ScenarioRunner(new Compiler()).Run(scenario, Isas.Create("x86_64"), Isas.Strategy("stub"), kcfi);
        var modelTrap = model.Steps.First(s => s.Run?.Trap is not null).Run!.Trap!;
        Assert.All(hashes, h => Assert.Equal((modelTrap.ExpectedType, modelTrap.TargetType), h));
        Assert.NotNull(modelTrap.TargetType);
        Assert.NotEqual(modelTrap.ExpectedType, modelTrap.TargetType);
        output.WriteLine($"expectedType 0x{modelTrap.ExpectedType:x8}, targetType 0x{modelTrap.TargetType:x8}");
    }
}
