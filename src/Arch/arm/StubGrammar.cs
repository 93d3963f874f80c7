using Tpsim.Emulator.Isa;

namespace Tpsim.Arch.Arm;

/// <summary>arm spellings of the generated stubs' behaviours (see <see cref="Emulator.Isa.StubGrammar"/>).</summary>
internal static class StubGrammar
{
    public static readonly Emulator.Isa.StubGrammar Grammar = new(
        Header: "\t.syntax\tunified\n\t.arm\n\t.text\n\t.globl\ttp_stub_func\n\t.type\ttp_stub_func, %function\ntp_stub_func:\n",
        Footer: "\t.size\ttp_stub_func, . - tp_stub_func\n",
        Scratch: ["r0", "r1", "r2", "r3", "r12"],
        Preserved: ["r4", "r5", "r6", "r7", "r8", "r9", "r10", "r11"],
        Set: "\tmovw\t{reg}, #{imm}\n",
        SaveModifyRestore: "\tpush\t{{reg}}\n\tmovw\t{reg}, #{imm}\n\tpop\t{{reg}}\n",
        WriteOwnArgument: "\tmovw\tr12, #{imm}\n\tstr\tr12, [sp]\n",
        WriteCallerFrame: "\tmovw\tr12, #{imm}\n\tstr\tr12, [sp, #0x118]\n",
        Return: "\tbx\tlr\n",
        ReturnMovingStackPointer: "\tadd\tsp, sp, #{n}\n\tbx\tlr\n",
        Loop: "0:\tb\t0b\n",
        Trap: "\tudf\t#0x12\n")
    {
        StackMove = 8,
    };
}
