using Tpsim.Emulator.Checking;
using Tpsim.Emulator.Toolchain;
using Tpsim.KernelSim.Machine;
using Xunit;

namespace Tpsim.Tests.KernelSim.Machine;

/// <summary>
/// A probe that returns two bytes past its return address, fired through the kernel machine. The iterator is hooked
/// per block, so a return is seen at the block it lands on; on s390x that landing is inside an instruction and
/// raises before any block hook, and the machine must still report the return, not a trap.
/// </summary>
public sealed class WrongReturnFireTests
{
    private static readonly Compiler Compiler = new();

    public static TheoryData<string, string> Probes => new()
    {
        { "x86_64", "addq $2, (%rsp)\n ret" },
        { "s390x", "la %r14, 2(%r14)\n br %r14" },
        { "arm64", "add x30, x30, #4\n ret" },
    };

    [Theory]
    [MemberData(nameof(Probes))]
    public void A_probe_returning_past_its_return_address_is_an_unbalanced_call(string isa, string body)
    {
        using var machine = new KernelMachine(Isas.Create(isa), Compiler, Isas.Strategy("stub"), [("tp", 3)]);
        var source = $"asm(\".text\\n.globl wrong_return\\n.type wrong_return, @function\\nwrong_return:\\n {body.Replace("\n", "\\n", StringComparison.Ordinal)}\\n.size wrong_return, . - wrong_return\\n\");\n";
        var (module, _) = machine.LoadModule("m", source, "m.c");
        Assert.True(module.TryGetSymbol("wrong_return", out var probe));
        Assert.Equal(0, machine.Model.Register(machine.Tracepoint("tp"), probe, 0));

        var run = machine.Fire("tp", [1, 2, 3]).Run;

        Assert.Equal(Verdict.Unbalanced, run.Verdict);
        var v = Assert.Single(run.Violations);
        Assert.Equal(ViolationKind.ReturnAddress, v.Kind);
        Assert.Equal(0, v.Call);
        Assert.NotEqual(v.Expected, v.Actual);
    }
}
