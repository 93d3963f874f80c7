using Tpsim.Emulator.Checking;
using Tpsim.Emulator.Toolchain;
using Tpsim.KernelSim.Machine;
using Xunit;

namespace Tpsim.Tests.KernelSim.Machine;

/// <summary>
/// A probe that traps in its first block, at its first instruction or a few instructions in. A plain machine hooks a
/// callee's entry per block, so the trapping instruction must still be the one the instruction-counting machine (a
/// hook on every instruction) names, and so must the trap's kind and text.
/// </summary>
public sealed class CalleeTrapPcTests
{
    private static readonly Compiler Compiler = new();

    private const string Source = """
        static volatile long tp_sink;

        void trap_first(void *data, long a1, long a2, long a3)
        {
        	__builtin_trap();
        }

        void trap_later(void *data, long a1, long a2, long a3)
        {
        	tp_sink = a1;
        	tp_sink = a2;
        	__builtin_trap();
        }
        """;

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var isa in Isas.MatrixNames)
        {
            data.Add(isa, "trap_first");
            data.Add(isa, "trap_later");
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_trap_in_a_callees_first_block_is_placed_as_the_counting_machine_places_it(string isa, string probe)
    {
        var plain = TrapOf(isa, probe, countInstructions: false);
        var counted = TrapOf(isa, probe, countInstructions: true);
        Assert.Equal(counted, plain);
    }

    private static TrapInfo TrapOf(string isa, string probe, bool countInstructions)
    {
        using var machine = new KernelMachine(Isas.Create(isa), Compiler, Isas.Strategy("stub"), [("tp", 3)], countInstructions: countInstructions);
        var (module, _) = machine.LoadModule("m", Source, "m.c");
        Assert.True(module.TryGetSymbol(probe, out var address));
        Assert.Equal(0, machine.Model.Register(machine.Tracepoint("tp"), address, 0));

        var run = machine.Fire("tp", [1, 2, 3]).Run;

        Assert.Equal(Verdict.Trap, run.Verdict);

        // The trap is inside the probe, not at the iterator's call.
        Assert.StartsWith($"m:{probe}", machine.Symbolize(run.Trap!.Pc), StringComparison.Ordinal);
        return run.Trap!;
    }
}
