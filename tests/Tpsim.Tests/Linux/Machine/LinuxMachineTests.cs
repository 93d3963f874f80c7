using Tpsim.Emulator.Checking;
using Tpsim.Emulator.Memory;
using Tpsim.Emulator.Toolchain;
using Tpsim.Linux;
using Tpsim.Linux.Build;
using Tpsim.Linux.Machine;
using Tpsim.Linux.Scenarios;
using Tpsim.Linux.Trees;
using Xunit;
using Xunit.Abstractions;

namespace Tpsim.Tests.Linux.Machine;

/// <summary>
/// The real kernel/tracepoint.o of linux-6.12, booted in Unicorn, with a tracepoint module and a probe module built by
/// kbuild: registering probes through the real tracepoint_probe_register, firing through the real trace_NAME() (static
/// key, static call, iterator), and the failed removal that writes the real tp_stub_func in place.
/// </summary>
[Collection(Build.KernelBuildCollection.Name)]
public sealed class LinuxMachineTests(ITestOutputHelper output)
{
    private static readonly KernelCache Cache = new(Compiler.DefaultCacheDirectory());

    internal const string TracepointModule = """
        // SPDX-License-Identifier: GPL-2.0
        #include <linux/module.h>
        #include <linux/tracepoint.h>

        DECLARE_TRACE(tpsim_seed, TP_PROTO(long a1, long a2, long a3), TP_ARGS(a1, a2, a3));
        DEFINE_TRACE(tpsim_seed, TP_PROTO(long a1, long a2, long a3), TP_ARGS(a1, a2, a3));
        EXPORT_TRACEPOINT_SYMBOL_GPL(tpsim_seed);

        void tpsim_fire_tpsim_seed(long a1, long a2, long a3);
        noinline void tpsim_fire_tpsim_seed(long a1, long a2, long a3)
        {
        	trace_tpsim_seed(a1, a2, a3);
        }
        EXPORT_SYMBOL_GPL(tpsim_fire_tpsim_seed);
        MODULE_LICENSE("GPL");
        """;

    internal const string ProbeModule = """
        // SPDX-License-Identifier: GPL-2.0
        #include <linux/module.h>

        long tpsim_log[64];
        void p1(void *data, long a1, long a2, long a3);
        void p2(void *data, long a1, long a2, long a3);
        void p3(void *data, long a1, long a2, long a3);
        noinline void p1(void *data, long a1, long a2, long a3) { tpsim_log[0] += a1 + a2 + a3; }
        noinline void p2(void *data, long a1, long a2, long a3) { tpsim_log[1] += a1 + a2 + a3; }
        noinline void p3(void *data, long a1, long a2, long a3) { tpsim_log[2] += a1 + a2 + a3; }
        EXPORT_SYMBOL_GPL(p1);
        EXPORT_SYMBOL_GPL(p2);
        EXPORT_SYMBOL_GPL(p3);
        MODULE_LICENSE("GPL");
        """;

    public static TheoryData<string> KernelIsas() => RealKernelIsas.Data();

    [Theory]
    [MemberData(nameof(KernelIsas))]
    public void Seed_the_failed_removal_writes_the_real_stub_and_the_next_fire_is_balanced(string isa)
    {
        var tree = new KernelTrees(Cache).Open(KernelSpec.Parse("linux-6.12"));
        var build = new KernelBuilds(Cache).Prepare(tree, Isas.Create(isa), BuildSpec.Default);
        using var m = new LinuxMachine(build, Cache, output.WriteLine);
        var tpModule = m.LoadModule("tpsim_tp", TracepointModule);
        m.AddSite(tpModule);
        var probes = m.LoadModule("tpsim_probes", ProbeModule);
        var tp = tpModule.Symbol("__tracepoint_tpsim_seed");
        var fire = tpModule.Symbol("tpsim_fire_tpsim_seed");
        var register = m.Core.Symbol("tracepoint_probe_register");
        var unregister = m.Core.Symbol("tracepoint_probe_unregister");

        // Nothing registered: the static key is off and the fire calls nothing.
        var idle = m.Fire(tp, fire, [1, 2, 3]);
        Assert.Equal(Verdict.Balanced, idle.Verdict);
        Assert.Equal(0, idle.CallsCompleted);

        foreach (var p in new[] { "p1", "p2", "p3" })
        {
            Assert.Equal(0UL, m.Call(register, tp, probes.Symbol(p), 0));
        }
        Assert.Equal([probes.Symbol("p1"), probes.Symbol("p2"), probes.Symbol("p3")], m.Funcs(tp).Select(f => f.Func));
        var three = m.Fire(tp, fire, [1, 2, 3]);
        output.WriteLine(string.Join("\n", three.Notes));
        Assert.Equal(Verdict.Balanced, three.Verdict);
        Assert.Equal(3, three.CallsCompleted);
        var log = probes.Symbol("tpsim_log");
        Assert.Equal(6UL, m.Memory.ReadWord(log, build.Isa.Abi.PointerSize, build.Isa.Abi.ByteOrder));

        // The removal's allocation fails: the real func_remove writes tp_stub_func over p2, in place.
        m.Heap.Faults.FailNext(1);
        Assert.Equal(0UL, m.Call(unregister, tp, probes.Symbol("p2"), 0));
        Assert.Equal([probes.Symbol("p1"), m.StubFunc, probes.Symbol("p3")], m.Funcs(tp).Select(f => f.Func));
        var stub = m.Fire(tp, fire, [1, 2, 3]);
        Assert.Equal(Verdict.Balanced, stub.Verdict);
        Assert.Equal(3, stub.CallsCompleted);
        Assert.Contains(m.Dmesg.All, d => d.Kind == "alloc-failed");
    }

    /// <summary>
    /// ppc64 ELFv2: a caller allocates the parameter save area only for a call with stack parameters. A probe that
    /// stores at 40(r1) writes its caller's own frame in a four-parameter call, which is caught, and the area the
    /// ABI gives it in a ten-parameter call, which is not.
    /// </summary>
    [Fact]
    public void An_elfv2_probe_that_writes_a_parameter_save_area_its_caller_never_allocated_is_caught()
    {
        var tree = new KernelTrees(Cache).Open(KernelSpec.Parse("linux-6.12"));
        var build = new KernelBuilds(Cache).Prepare(tree, Isas.Create("ppc64"), BuildSpec.Default);
        using var m = new LinuxMachine(build, Cache, output.WriteLine);
        var tpModule = m.LoadModule("tpsim_tp", TracepointModule);
        m.AddSite(tpModule);
        var nine = m.LoadModule(ScenarioModuleSources.TracepointModule, ScenarioModuleSources.Tracepoints([new("tpsim_nine", 9, 1)]));
        m.AddSite(nine);
        var psa = m.LoadModule("tpsim_psa", [
            new ModuleFile("tpsim_psa_main.c", "// SPDX-License-Identifier: GPL-2.0\n#include <linux/module.h>\nMODULE_LICENSE(\"GPL\");\n"),
            new ModuleFile("psa_write.S", "\t.text\n\t.globl\tpsa_write\n\t.type\tpsa_write, @function\npsa_write:\n\tli\t0, 0x5a5\n\tstd\t0, 40(1)\n\tblr\n\t.size\tpsa_write, .-psa_write\n"),
        ]);
        var probe = psa.Symbol("psa_write");

        var small = tpModule.Symbol("__tracepoint_tpsim_seed");
        Assert.Equal(0UL, m.Call(m.Core.Symbol("tracepoint_probe_register"), small, probe, 0));
        var caught = m.Fire(small, tpModule.Symbol("tpsim_fire_tpsim_seed"), [1, 2, 3]);
        Assert.Equal(Verdict.Unbalanced, caught.Verdict);
        var violation = Assert.Single(caught.Violations);
        Assert.Equal((ViolationKind.CallerFrame, 0x5a5UL), (violation.Kind, violation.Actual));

        var wide = nine.Symbol("__tracepoint_tpsim_nine");
        Assert.Equal(0UL, m.Call(m.Core.Symbol("tracepoint_probe_register"), wide, probe, 0));
        var allowed = m.Fire(wide, nine.Symbol("tpsim_fire_tpsim_nine"), [.. Enumerable.Range(1, 9).Select(i => (ulong)i)]);
        Assert.Equal(Verdict.Balanced, allowed.Verdict);
    }

    /// <summary>Negative control: a probe that overwrites a callee-saved register behind the compiler's back makes the real fire unbalanced, naming it.</summary>
    [Theory]
    [InlineData("x86_64", "movq $0x5a5a, %%rbx", "rbx")]
    [InlineData("arm64", "mov x19, #0x5a5a", "x19")]
    [InlineData("riscv64", "li s1, 0x5a5a", "s1")]
    [InlineData("i386", "movl $0x5a5a, %%ebx", "ebx")]
    [InlineData("arm", "movw r4, #0x5a5a", "r4")]
    [InlineData("mips64", "li $16, 0x5a5a", "s0")]
    [InlineData("s390x", "lghi %%r6, 0x5a5a", "r6")]
    [InlineData("ppc64", "li 14, 0x5a5a", "r14")]
    public void A_probe_that_clobbers_a_callee_saved_register_makes_the_real_fire_unbalanced(string isa, string clobber, string register)
    {
        var tree = new KernelTrees(Cache).Open(KernelSpec.Parse("linux-6.12"));
        var build = new KernelBuilds(Cache).Prepare(tree, Isas.Create(isa), BuildSpec.Default);
        using var m = new LinuxMachine(build, Cache, output.WriteLine);
        var tpModule = m.LoadModule("tpsim_tp", TracepointModule);
        m.AddSite(tpModule);
        var bad = m.LoadModule("tpsim_bad", """
            // SPDX-License-Identifier: GPL-2.0
            #include <linux/module.h>
            void clobber_reg(void *data, long a1, long a2, long a3);
            noinline void clobber_reg(void *data, long a1, long a2, long a3)
            {
            	asm volatile("CLOBBER" ::: "memory");
            }
            EXPORT_SYMBOL_GPL(clobber_reg);
            MODULE_LICENSE("GPL");
            """.Replace("CLOBBER", clobber, StringComparison.Ordinal));
        var tp = tpModule.Symbol("__tracepoint_tpsim_seed");
        Assert.Equal(0UL, m.Call(m.Core.Symbol("tracepoint_probe_register"), tp, bad.Symbol("clobber_reg"), 0));
        var outcome = m.Fire(tp, tpModule.Symbol("tpsim_fire_tpsim_seed"), [1, 2, 3]);
        Assert.Equal(Verdict.Unbalanced, outcome.Verdict);
        var violation = Assert.Single(outcome.Violations);
        Assert.Equal(ViolationKind.CalleeSaved, violation.Kind);
        Assert.Equal(register, violation.Register);
        Assert.Equal(0x5a5aUL, violation.Actual);
    }

    /// <summary>
    /// The 2023 arm64 report from unmodified source: under CONFIG_CFI_CLANG the iterator's kCFI check rejects the real
    /// tp_stub_func, whose type is void(void). The same array without the stub is balanced, so the check is the stub's.
    /// </summary>
    public static TheoryData<string> KcfiIsas() => [.. RealKernelIsas.With("kcfi")];

    [Theory]
    [MemberData(nameof(KcfiIsas))]
    public void Under_kcfi_the_fire_over_the_real_stub_is_a_kcfi_trap(string isa)
    {
        var tree = new KernelTrees(Cache).Open(KernelSpec.Parse("linux-6.12"));
        var build = new KernelBuilds(Cache).Prepare(tree, Isas.Create(isa), new BuildSpec(CompilerKind.Clang, BuildConfigs.Kcfi));
        using var m = new LinuxMachine(build, Cache, output.WriteLine);
        var tpModule = m.LoadModule("tpsim_tp", TracepointModule);
        m.AddSite(tpModule);
        var probes = m.LoadModule("tpsim_probes", ProbeModule);
        var tp = tpModule.Symbol("__tracepoint_tpsim_seed");
        var fire = tpModule.Symbol("tpsim_fire_tpsim_seed");
        foreach (var p in new[] { "p1", "p2", "p3" })
        {
            Assert.Equal(0UL, m.Call(m.Core.Symbol("tracepoint_probe_register"), tp, probes.Symbol(p), 0));
        }
        Assert.Equal(Verdict.Balanced, m.Fire(tp, fire, [1, 2, 3]).Verdict);
        m.Heap.Faults.FailNext(1);
        Assert.Equal(0UL, m.Call(m.Core.Symbol("tracepoint_probe_unregister"), tp, probes.Symbol("p2"), 0));
        Assert.Equal(m.StubFunc, m.Funcs(tp)[1].Func);
        var outcome = m.Fire(tp, fire, [1, 2, 3]);
        output.WriteLine($"{outcome.Verdict} {outcome.Trap}");
        Assert.Equal(Verdict.Trap, outcome.Verdict);
        Assert.Equal(TrapKind.Kcfi, outcome.Trap!.Kind);
    }

    /// <summary>
    /// The argument check on a real fire, and its negative control: a recording probe built with one argument fewer
    /// than the tracepoint records a zero where the last argument belongs, which is an argument violation naming it.
    /// </summary>
    [Theory]
    [MemberData(nameof(KernelIsas))]
    public void Recording_probes_have_their_arguments_checked_and_a_short_prototype_is_caught(string isa)
    {
        var tree = new KernelTrees(Cache).Open(KernelSpec.Parse("linux-6.12"));
        var build = new KernelBuilds(Cache).Prepare(tree, Isas.Create(isa), BuildSpec.Default);
        using var m = new LinuxMachine(build, Cache, output.WriteLine);
        var tps = m.LoadModule(ScenarioModuleSources.TracepointModule, ScenarioModuleSources.Tracepoints([new("tpsim_nine", 9, 1)]));
        m.AddSite(tps);
        var good = m.LoadModule("tpsim_good", ScenarioModuleSources.Probes("tpsim_good", ["full"], _ => 9));
        var bad = m.LoadModule("tpsim_short", ScenarioModuleSources.Probes("tpsim_short", ["too_short"], _ => 8));
        var log = m.ProbeLog(tps.Symbol(ScenarioModuleSources.Log), tps.Symbol(ScenarioModuleSources.LogLength));
        var tp = tps.Symbol("__tracepoint_tpsim_nine");
        var fire = tps.Symbol("tpsim_fire_tpsim_nine");
        ulong[] args = [.. Enumerable.Range(0, 9).Select(i => Seeds.Argument(i) & MemoryWords.Mask(build.Isa.Abi.PointerSize))];
        var recording = new HashSet<ulong> { good.Symbol("full"), bad.Symbol("too_short") };

        Assert.Equal(0UL, m.Call(m.Core.Symbol("tracepoint_probe_register"), tp, good.Symbol("full"), 0x1234));
        var ok = m.Fire(tp, fire, args, log, recording.Contains);
        Assert.Equal(Verdict.Balanced, ok.Verdict);
        Assert.Equal(1L, log.Count);
        Assert.Equal(args, log.Read(0).Arguments);
        Assert.Equal(0x1234UL, log.Read(0).Data);

        Assert.Equal(0UL, m.Call(m.Core.Symbol("tracepoint_probe_register"), tp, bad.Symbol("too_short"), 0x5678));
        var caught = m.Fire(tp, fire, args, log, recording.Contains);
        Assert.Equal(Verdict.Unbalanced, caught.Verdict);
        var violation = Assert.Single(caught.Violations);
        Assert.Equal((ViolationKind.Argument, "a9", args[8], 0UL, 1), (violation.Kind, violation.Register, violation.Expected, violation.Actual, violation.Call));
    }
}
