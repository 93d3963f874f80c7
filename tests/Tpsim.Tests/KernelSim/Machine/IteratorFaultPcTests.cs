using Tpsim.Emulator.Checking;
using Tpsim.Emulator.Toolchain;
using Tpsim.KernelSim.Machine;
using Xunit;

namespace Tpsim.Tests.KernelSim.Machine;

/// <summary>
/// A fire through a probe whose module was unloaded while its entry stayed in the array. The fault is a fetch of the
/// probe's code, or on ppc64 a read of its function descriptor by the iterator itself. A plain machine hooks the
/// iterator per block, so the faulting instruction must come from the engine, and it must be the one the
/// instruction-counting machine (a hook on every instruction) names.
/// </summary>
public sealed class IteratorFaultPcTests
{
    private static readonly Compiler Compiler = new();

    public static TheoryData<string> Names => [.. Isas.MatrixNames];

    [Theory]
    [MemberData(nameof(Names))]
    public void A_dangling_probe_faults_at_the_same_instruction_with_and_without_per_instruction_hooks(string isa)
    {
        var plain = FaultOfDanglingProbe(isa, countInstructions: false);
        var counted = FaultOfDanglingProbe(isa, countInstructions: true);
        Assert.Equal(isa == "ppc64" ? "read" : "fetch", counted.Fault.Access.ToName());
        Assert.Equal(counted, plain);
        // The note names where the call would have returned: inside the iterator, not the start of one of its blocks.
        Assert.Contains(isa == "ppc64" ? "(__traceiter_tp+0x" : "returning to __traceiter_tp+0x", plain.Note, StringComparison.Ordinal);
    }

    private static (FaultInfo Fault, string Note) FaultOfDanglingProbe(string isa, bool countInstructions)
    {
        using var machine = new KernelMachine(Isas.Create(isa), Compiler, Isas.Strategy("stub"), [("tp", 3)], countInstructions: countInstructions);
        var (module, _) = machine.LoadModule("m", RecordingModuleSource.Build("m", [("p", 1, 3)]), "m.c");
        Assert.True(module.TryGetSymbol("p", out var probe));
        var tp = machine.Tracepoint("tp");
        Assert.Equal(0, machine.Model.Register(tp, probe, 0));
        machine.UnloadModule("m");

        var run = machine.Fire("tp", [1, 2, 3]).Run;

        Assert.Equal(Verdict.Fault, run.Verdict);
        return (run.Fault!, string.Join(" | ", run.Notes));
    }
}
