using Tpsim.Emulator.Toolchain;
using Tpsim.Harness.Kernel;
using Tpsim.Linux;
using Tpsim.Linux.Build;
using Tpsim.Linux.Strategies;
using Tpsim.Linux.Trees;
using Tpsim.Tests.Linux;
using Xunit;
using Xunit.Abstractions;

namespace Tpsim.Tests.Harness.Kernel;

/// <summary>
/// The model against linux-6.12 over generated operation sequences: return codes, arrays, calls and verdicts agree
/// step by step for the strategy the tree runs (stub). The negative control runs the model with another strategy.
/// </summary>
[Collection(Tests.Linux.Build.KernelBuildCollection.Name)]
public sealed class KernelDifferentialTests(ITestOutputHelper output)
{
    private static readonly KernelCache Cache = new(Compiler.DefaultCacheDirectory());

    /// <summary>Sequences per ISA; each is a fresh boot of the real kernel and of the model.</summary>
    private const int Sequences = 24;

    public static TheoryData<string> KernelIsas() => RealKernelIsas.Data();

    private static KernelDifferential For(string isa) =>
        new(new KernelBuilds(Cache).Prepare(new KernelTrees(Cache).Open(KernelSpec.Parse("linux-6.12")), Isas.Create(isa), BuildSpec.Default), Cache, new Compiler());

    [Theory]
    [MemberData(nameof(KernelIsas))]
    public void The_model_and_the_real_kernel_agree_on_generated_sequences(string isa)
    {
        var differential = For(isa);
        var differences = Enumerable.Range(1, Sequences).SelectMany(seed => differential.Compare(seed)).ToList();
        foreach (var d in differences)
        {
            output.WriteLine($"seed {d.Seed} line {d.Line} '{d.Command}': {d.What} model {d.Model}, real {d.Real}");
        }
        Assert.Empty(differences);
    }

    /// <summary>Negative control: the model running 5.11's fail strategy differs from the tree, at the failed removal.</summary>
    [Fact]
    public void A_model_with_another_strategy_is_caught_differing()
    {
        var differential = For("x86_64");
        var differences = Enumerable.Range(1, Sequences).SelectMany(seed => differential.Compare(seed, KernelStrategies.Fail)).ToList();
        Assert.Contains(differences, d => d.What == "return" && d.Model == "-12" && d.Real == "0" && d.Command.StartsWith("unregister", StringComparison.Ordinal));
    }

    [Fact]
    public void Sequences_are_reproducible_and_exercise_every_operation()
    {
        Assert.Equal(KernelDifferential.Scenario(7), KernelDifferential.Scenario(7));
        var all = string.Concat(Enumerable.Range(1, Sequences).Select(KernelDifferential.Scenario));
        foreach (var op in new[] { "\nregister ", "\nunregister ", "\nfail-alloc\n", "\nfire " })
        {
            Assert.Contains(op, all, StringComparison.Ordinal);
        }
    }

    public static TheoryData<string, string> StrategyRuns()
    {
        var data = new TheoryData<string, string>();
        foreach (var isa in RealKernelIsas.Names)
        {
            foreach (var strategy in LinuxStrategies.Names.Where(n => n != LinuxStrategies.Tree))
            {
                data.Add(isa, strategy);
            }
        }
        return data;
    }

    /// <summary>Every strategy that comes as a patch: the model running it agrees with the tree patched to it.</summary>
    [Theory]
    [MemberData(nameof(StrategyRuns))]
    public void The_model_and_the_patched_tree_agree_for_each_strategy(string isa, string strategy)
    {
        var tree = new KernelTrees(Cache).Open(KernelSpec.Parse("linux-6.12"), [LinuxStrategies.PatchFile(Cache, strategy)!]);
        var differential = new KernelDifferential(new KernelBuilds(Cache).Prepare(tree, Isas.Create(isa), BuildSpec.Default), Cache, new Compiler(), strategy);
        var differences = Enumerable.Range(1, Sequences / 2).SelectMany(seed => differential.Compare(seed)).ToList();
        foreach (var d in differences)
        {
            output.WriteLine($"seed {d.Seed} line {d.Line} '{d.Command}': {d.What} model {d.Model}, real {d.Real}");
        }
        Assert.Empty(differences);
    }
}
