using Tpsim.Emulator.Checking;
using Tpsim.Emulator.Toolchain;
using Tpsim.Harness.Cases;
using Tpsim.Harness.Kernel;
using Tpsim.Harness.Running;
using Tpsim.Linux;
using Tpsim.Linux.Build;
using Tpsim.Linux.Machine;
using Tpsim.Linux.Scenarios;
using Tpsim.Linux.Trees;
using Tpsim.Tests.Linux;
using Xunit;
using Xunit.Abstractions;

namespace Tpsim.Tests.Harness.Kernel;

/// <summary>
/// <c>matrix --kernel linux-6.12</c> through the library: the real tp_stub_func in every shape failed removals leave,
/// through the real __traceiter_ of 1..12 arguments, and the ISA's controls as a kbuild module, each failing its way.
/// </summary>
[Collection(Tests.Linux.Build.KernelBuildCollection.Name)]
public sealed class KernelMatrixTests(ITestOutputHelper output)
{
    private static readonly KernelCache Cache = new(Compiler.DefaultCacheDirectory());

    public static TheoryData<string> KernelIsas() => RealKernelIsas.Data();

    private static KernelTree Tree() => new KernelTrees(Cache).Open(KernelSpec.Parse("linux-6.12"));

    private IReadOnlyList<CaseOutcome> Run(string isa, BuildSpec build) =>
        KernelMatrixRun.Execute([(Isas.Create(isa), build)], Tree(), Cache, output.WriteLine).Single().Cases;

    [Theory]
    [MemberData(nameof(KernelIsas))]
    public void Every_shape_and_argument_count_is_balanced_and_every_control_fails_as_it_must(string isa)
    {
        var outcomes = Run(isa, BuildSpec.Default);

        var backend = Isas.Create(isa);
        Assert.Equal(KernelMatrix.Shapes.Count * 12 + backend.Controls.Count, outcomes.Count);
        Assert.Empty(outcomes.Where(o => !o.Ok).Select(o => $"{o.Case.Name}: {o.Result.Verdict.ToName()} {string.Join("; ", o.Result.Notes)}"));
        var stubs = outcomes.Where(o => !o.IsControl).ToList();
        Assert.All(stubs, o => Assert.Equal(Verdict.Balanced, o.Result.Verdict));
        // Every call the shape plans was made: the stubs, and each probe with its arguments checked at its return.
        Assert.All(stubs, o => Assert.Equal(o.Case.Shape.Entries.Count, o.Result.CallsCompleted));
        // The controls are the negative half: each one's own failure, not a balanced run.
        var controls = outcomes.Where(o => o.IsControl).ToList();
        Assert.Equal(backend.Controls.Count, controls.Count);
        Assert.All(controls.Where(o => o.Case.Expected != Verdict.Balanced), o => Assert.NotEqual(Verdict.Balanced, o.Result.Verdict));
        Assert.Contains(controls, o => o.Result.Violations.Any(v => v.Kind == ViolationKind.CalleeSaved));
    }

    public static TheoryData<string> KcfiIsas() => [.. RealKernelIsas.With("kcfi")];

    [Theory]
    [MemberData(nameof(KcfiIsas))]
    public void Under_kcfi_every_shape_traps_on_the_stub_with_the_hash_of_void_void_and_the_model_s_hashes(string isa)
    {
        var kcfi = new BuildSpec(CompilerKind.Clang, BuildConfigs.Kcfi);
        var outcomes = Run(isa, kcfi);

        Assert.All(outcomes, o => Assert.True(o.Ok, $"{o.Case.Name}: {o.Result.Verdict.ToName()}"));
        var stubs = outcomes.Where(o => !o.IsControl).ToList();
        Assert.All(stubs, o => Assert.Equal(TrapKind.Kcfi, o.Result.Trap?.Kind));
        // One target hash, the stub's type; one expected hash per prototype, the iterator's.
        var target = Assert.Single(stubs.Select(o => o.Result.Trap!.TargetType).Distinct());
        var expected = stubs.GroupBy(o => o.Case.Args).ToDictionary(g => g.Key, g => Assert.Single(g.Select(o => o.Result.Trap!.ExpectedType).Distinct()));
        Assert.Equal(12, expected.Values.Distinct().Count());

        // The simulated kernel's C site, built by tpsim with the same compiler, checks the same hashes.
        var backend = Isas.Create(isa);
        using var model = new CaseRunner(backend, new Compiler(), kcfi);
        foreach (var (args, hash) in expected)
        {
            var c = StubMatrix.Build(backend, kcfi).Single(x => x.Site == SiteKind.C && x.Stub.Name == "stub.c" && x.Shape.Name == "stub-middle" && x.Args == args);
            var trap = model.Run(c).Trap!;
            Assert.Equal((hash, target), (trap.ExpectedType, trap.TargetType));
        }
        output.WriteLine($"{isa}: target type 0x{target:x8}; expected types {string.Join(", ", expected.OrderBy(e => e.Key).Select(e => $"{e.Key}: 0x{e.Value:x8}"))}");
    }

    /// <summary>
    /// The hardening configs, each a kernel of its own: arm64 with pointer authentication and BTI (the no-landing-pad
    /// control then a bti trap, pac-corrupt a fetch fault at the poisoned address), arm64 with the shadow call stack
    /// (x18 a real shadow stack), riscv64 with the shadow call stack (gp, set at boot; a real-kernel-only build), x86_64
    /// with IBT; gcc's arm64 and arm kernels; and gcc's -Os ppc64 kernel, whose -mprofile-kernel <c>_mcount</c> calls have no
    /// nop after them and whose prologues call the tree's crtsavres.o.
    /// </summary>
    [Theory]
    [InlineData("arm64", "clang", "pac-bti")]
    [InlineData("arm64", "clang", "scs")]
    [InlineData("x86_64", "clang", "ibt")]
    [InlineData("riscv64", "clang", "scs")]
    [InlineData("arm64", "gcc", "default")]
    [InlineData("arm", "gcc", "default")]
    [InlineData("ppc64", "gcc", "size")]
    public void Every_case_holds_under_the_hardening_configs(string isa, string compiler, string config)
    {
        Assert.True(BuildConfigs.TryGet(config, out var cfg));
        var build = new BuildSpec(compiler == "gcc" ? CompilerKind.Gcc : CompilerKind.Clang, cfg!);
        var outcomes = Run(isa, build);
        Assert.Empty(outcomes.Where(o => !o.Ok).Select(o => $"{o.Case.Name}: {o.Result.Verdict.ToName()} {o.Result.Trap?.Kind.ToName()}"));
        if (config == "pac-bti")
        {
            Assert.Equal(TrapKind.Bti, outcomes.Single(o => o.Case.Stub.Name == "control:no-landing-pad").Result.Trap?.Kind);
        }
        if (config == "scs")
        {
            // The shadow stack register is the kernel's: a control that overwrites it is caught.
            var register = isa == "arm64" ? "x18" : "gp";
            Assert.Contains(outcomes.Single(o => o.Case.Stub.Name == $"control:clobber-{register}").Result.Violations, v => v.Register == register);
        }
    }

    /// <summary>
    /// Why the real matrix has no "single-stub" or "all-stubs" shape: removing the last real probe frees the array
    /// without allocating, so no injected failure can leave a stub alone (the failure is not even consumed).
    /// </summary>
    [Fact]
    public void A_stub_alone_or_stubs_only_never_occur_on_the_real_tree()
    {
        var build = new KernelBuilds(Cache).Prepare(Tree(), Isas.Create("x86_64"), BuildSpec.Default);
        using var m = new LinuxMachine(build, Cache, output.WriteLine);
        var tps = m.LoadModule(KernelMatrix.TracepointsModule, ScenarioModuleSources.Tracepoints(KernelMatrix.Tracepoints));
        var probes = m.LoadModule(KernelMatrix.ProbesModule, KernelMatrix.ProbesSource());
        var tp = tps.Symbol("__tracepoint_" + KernelMatrix.Tracepoint(3));
        var register = m.Core.Symbol("tracepoint_probe_register");
        var unregister = m.Core.Symbol("tracepoint_probe_unregister");
        ulong P(int i) => probes.Symbol(KernelMatrix.Probe(3, i));

        // One probe, its removal failing: the array goes, no stub stays, and the failure is left unconsumed.
        Assert.Equal(0UL, m.Call(register, tp, P(1), 0));
        m.Heap.Faults.FailNext(1);
        Assert.Equal(0UL, m.Call(unregister, tp, P(1), 0));
        Assert.Empty(m.Funcs(tp));
        Assert.Equal(1, m.Heap.Faults.Pending);
        m.Heap.Faults.Clear();

        // Three probes, every removal failing: two stubs appear, and the last removal frees the array.
        foreach (var i in new[] { 1, 2, 3 })
        {
            Assert.Equal(0UL, m.Call(register, tp, P(i), 0));
        }
        m.Heap.Faults.FailNext(3);
        Assert.Equal(0UL, m.Call(unregister, tp, P(1), 0));
        Assert.Equal(0UL, m.Call(unregister, tp, P(2), 0));
        Assert.Equal(["stub", "stub", $"{KernelMatrix.ProbesModule}.{KernelMatrix.Probe(3, 3)}"], m.Funcs(tp).Select(f => m.NameOf(f.Func)));
        Assert.Equal(0UL, m.Call(unregister, tp, P(3), 0));
        Assert.Empty(m.Funcs(tp));
        Assert.Equal(1, m.Heap.Faults.Pending);
    }

    /// <summary>Negative control of the shapes: a case whose array the kernel does not build as planned fails, saying so.</summary>
    [Fact]
    public void A_case_whose_array_differs_from_its_shape_fails_with_the_array_named()
    {
        var build = new KernelBuilds(Cache).Prepare(Tree(), Isas.Create("riscv64"), BuildSpec.Default);
        var backend = build.Isa;
        // Planned [stub, probe, probe] but removing position 1 of only one probe: the array is freed, the fire calls nothing.
        var wrong = new KernelShape("stub-first", 1, [1]);
        var c = KernelMatrix.Cases(backend, BuildSpec.Default).First(x => x.Shape.Name == "stub-first" && x.Args == 2) with { Shape = wrong.Shape };
        using var runner = new KernelCaseRunner(build, Cache, output.WriteLine);

        var outcome = runner.Run(c, wrong);

        Assert.False(outcome.Ok);
        Assert.Contains(outcome.Result.Notes, n => n.Contains("the array is [], not the planned [stub]", StringComparison.Ordinal));
        Assert.Contains(outcome.Result.Notes, n => n.Contains("allocated nothing", StringComparison.Ordinal));
    }
}
