using Tpsim.Arch;
using Tpsim.Emulator.Checking;
using Tpsim.Emulator.Loading;
using Tpsim.Emulator.Toolchain;
using Tpsim.Harness.Cases;
using Tpsim.KernelSim.Machine;
using Tpsim.KernelSim.Strategies;
using Xunit;

namespace Tpsim.Tests.Arch.Riscv64;

/// <summary>
/// Unicorn 2.0.1 runs no code hook for a riscv64 illegal instruction that starts a block, and reports the block as
/// empty, so a trap there is easy to misplace. The one checked run places it for `check` (the harness) exactly as for
/// a scenario (the simulated kernel): at the callee's own entry, or at the later block's first instruction.
/// </summary>
public sealed class TrapPlacementTests
{
    private static readonly Compiler Compiler = new();

    /// <summary>Bodies of the callee, and the offset of the instruction that must be named.</summary>
    public static TheoryData<string, string, int> Bodies() => new()
    {
        { "word-0-at-entry", ".word 0", 0 },
        { "unimp-at-entry", "unimp", 0 },
        // The branch ends the first block, so the illegal instruction starts the second (c.j and c.nop: 2 bytes each).
        { "unimp-in-later-block", "j 1f\n\tnop\n1:\tunimp", 4 },
        // c.li (2 bytes), bnez t0 (4: t0 has no compressed form), c.nop (2).
        { "word-0-in-later-block", "li t0, 1\n\tbnez t0, 1f\n\tnop\n1:\t.word 0", 8 },
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public void Check_places_the_trap_at_the_illegal_instruction(string name, string body, int offset)
    {
        var isa = IsaRegistry.Create("riscv64");
        var text = $"""
            .option norvc
            .text
            .globl tp_stub_func
            .type tp_stub_func, @function
            tp_stub_func:
            	.option rvc
            	{body}
            """;
        var c = StubMatrix.UserCase(isa, new StubSource(name, $"{name}.S", text, SourceLanguage.Asm), 3, SiteKind.C);
        using var runner = new CaseRunner(isa, Compiler);

        var result = runner.Run(c);

        Assert.Equal(Verdict.Trap, result.Verdict);
        Assert.Equal(TrapKind.InvalidInstruction, result.Trap!.Kind);
        var symbolize = GuestEvents.Symbolizer(runner.LoadedObjects);
        Assert.Equal(offset == 0 ? "tp_stub_func" : $"tp_stub_func+0x{offset:x}", symbolize(result.Trap.Pc));
    }

    [Theory]
    [MemberData(nameof(Bodies))]
    public void A_scenario_places_the_same_trap_at_the_same_instruction(string name, string body, int offset)
    {
        var source = $$"""
            __asm__(".text\n.globl bad_probe\n.type bad_probe, @function\nbad_probe:\n\t{{body.Replace("\n", "\\n", StringComparison.Ordinal).Replace("\t", "\\t", StringComparison.Ordinal)}}\n");
            """;
        Assert.True(KernelStrategies.TryGet("stub", out var strategy));
        using var machine = new KernelMachine(IsaRegistry.Create("riscv64"), Compiler, strategy, [("tp", 3)]);
        var (module, _) = machine.LoadModule("m", source, $"{name}.c");
        Assert.True(module.TryGetSymbol("bad_probe", out var probe));
        Assert.Equal(0, machine.Model.Register(machine.Tracepoint("tp"), probe, 0));

        var run = machine.Fire("tp", [1, 2, 3]).Run;

        Assert.Equal(Verdict.Trap, run.Verdict);
        Assert.Equal(TrapKind.InvalidInstruction, run.Trap!.Kind);
        Assert.Equal(offset == 0 ? "m:bad_probe" : $"m:bad_probe+0x{offset:x}", machine.Symbolize(run.Trap.Pc));
    }
}
