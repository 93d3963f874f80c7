using Tpsim.Arch;
using Tpsim.Emulator.Checking;
using Tpsim.Emulator.Toolchain;
using Tpsim.Harness.Cases;
using Tpsim.KernelSim.Machine;
using Xunit;

namespace Tpsim.Tests.Harness.Cases;

/// <summary>
/// Runs get the kernel's own stack (THREAD_SIZE: 16 KiB on the 64-bit ISAs, 8 KiB on i386 and arm) with an unmapped
/// guard below it: a callee that uses more is a fault that says stack overflow, not a balanced call.
/// </summary>
public sealed class StackOverflowTests
{
    private static readonly Compiler Compiler = new();

    private static string Stub(int kib) => $$"""
        void tp_stub_func(void)
        {
        	volatile char buf[{{kib}} * 1024];
        	for (unsigned long i = 0; i < sizeof(buf); i += 256)
        		buf[i] = (char)i;
        }
        """;

    public static TheoryData<string> AllIsas() => new(Isas.MatrixNames);

    [Theory]
    [MemberData(nameof(AllIsas))]
    public void A_48_KiB_stack_user_overflows_the_kernel_stack(string isaName)
    {
        var isa = IsaRegistry.Create(isaName);
        using var runner = new CaseRunner(isa, Compiler);

        var result = runner.Run(StubMatrix.UserCase(isa, new StubSource("deep", "deep.c", Stub(48), SourceLanguage.C), 3, SiteKind.C));

        Assert.Equal(Verdict.Fault, result.Verdict);
        Assert.Equal(isa.ThreadSize, result.Fault!.StackSize);
        Assert.InRange(result.Fault.StackOverflowBytes!.Value, isa.ThreadSize, 64 * 1024UL);
        Assert.Contains(result.Notes, n => n.StartsWith("stack overflow: the code used at least", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(AllIsas))]
    public void A_2_KiB_stack_user_stays_balanced(string isaName)
    {
        var isa = IsaRegistry.Create(isaName);
        using var runner = new CaseRunner(isa, Compiler);

        var result = runner.Run(StubMatrix.UserCase(isa, new StubSource("shallow", "shallow.c", Stub(2), SourceLanguage.C), 3, SiteKind.C));

        Assert.Equal(Verdict.Balanced, result.Verdict);
    }

    [Fact]
    public void A_probe_that_overflows_the_kernel_stack_faults_in_a_scenario_fire()
    {
        using var machine = new KernelMachine(IsaRegistry.Create("arm64"), Compiler, KernelStrategies.Stub, [("tp", 1)]);
        var (module, _) = machine.LoadModule("m", "void deep(void *data, long a)\n{\n\tvolatile char buf[32 * 1024];\n\tfor (unsigned long i = 0; i < sizeof(buf); i += 256)\n\t\tbuf[i] = (char)a;\n}\n", "m.c");
        Assert.True(module.TryGetSymbol("deep", out var probe));
        Assert.Equal(0, machine.Model.Register(machine.Tracepoint("tp"), probe, 0));

        var run = machine.Fire("tp", [7]).Run;

        Assert.Equal(Verdict.Fault, run.Verdict);
        Assert.Equal(16 * 1024UL, run.Fault!.StackSize);
        Assert.Contains(run.Notes, n => n.StartsWith("stack overflow", StringComparison.Ordinal));
    }
}
