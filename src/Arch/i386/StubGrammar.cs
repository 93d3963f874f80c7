using Tpsim.Emulator.Isa;

namespace Tpsim.Arch.I386;

/// <summary>i386 spellings of the generated stubs' behaviours (see <see cref="Emulator.Isa.StubGrammar"/>).</summary>
internal static class StubGrammar
{
    public static readonly Emulator.Isa.StubGrammar Grammar = new(
        Header: "\t.text\n\t.globl\ttp_stub_func\n\t.type\ttp_stub_func, @function\ntp_stub_func:\n",
        Footer: "\t.size\ttp_stub_func, . - tp_stub_func\n",
        Scratch: ["eax", "ecx", "edx"],
        Preserved: ["ebx", "esi", "edi", "ebp"],
        Set: "\tmovl\t${imm}, %{reg}\n",
        SaveModifyRestore: "\tpushl\t%{reg}\n\tmovl\t${imm}, %{reg}\n\tpopl\t%{reg}\n",
        WriteOwnArgument: "\tmovl\t${imm}, 4(%esp)\n",
        WriteCallerFrame: "\tmovl\t${imm}, 0x118(%esp)\n",
        Return: "\tretl\n",
        ReturnMovingStackPointer: "\tretl\t${n}\n",
        Loop: "0:\tjmp\t0b\n",
        Trap: "\tud2\n")
    {
        StackMove = 8,
    };
}
