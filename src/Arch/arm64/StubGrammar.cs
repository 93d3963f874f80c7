using Tpsim.Emulator.Isa;

namespace Tpsim.Arch.Arm64;

/// <summary>arm64 spellings of the generated stubs' behaviours (see <see cref="Emulator.Isa.StubGrammar"/>).</summary>
internal static class StubGrammar
{
    public static readonly Emulator.Isa.StubGrammar Grammar = new(
        // bti c: the landing pad the site's blr needs under pac-bti (a NOP without FEAT_BTI).
        Header: "\t.text\n\t.globl\ttp_stub_func\n\t.type\ttp_stub_func, %function\ntp_stub_func:\n\thint\t#34\n",
        Footer: "\t.size\ttp_stub_func, . - tp_stub_func\n",
        Scratch: ["x0", "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x9", "x10", "x11", "x12", "x13", "x14", "x15"],
        Preserved: ["x19", "x20", "x21", "x22", "x23", "x24", "x25", "x26", "x27", "x28"],
        Set: "\tmov\t{reg}, #{imm}\n",
        SaveModifyRestore: "\tstr\t{reg}, [sp, #-16]!\n\tmov\t{reg}, #{imm}\n\tldr\t{reg}, [sp], #16\n",
        WriteOwnArgument: "\tmov\tx16, #{imm}\n\tstr\tx16, [sp]\n",
        WriteCallerFrame: "\tmov\tx16, #{imm}\n\tstr\tx16, [sp, #0x118]\n",
        Return: "\tret\n",
        ReturnMovingStackPointer: "\tadd\tsp, sp, #{n}\n\tret\n",
        Loop: "0:\tb\t0b\n",
        Trap: "\tbrk\t#0x1\n");
}
