using Tpsim.Emulator.Isa;

namespace Tpsim.Arch.X86_64;

/// <summary>x86_64 spellings of the generated stubs' behaviours (see <see cref="Emulator.Isa.StubGrammar"/>).</summary>
internal static class StubGrammar
{
    public static readonly Emulator.Isa.StubGrammar Grammar = new(
        Header: "\t.text\n\t.globl\ttp_stub_func\n\t.type\ttp_stub_func, @function\ntp_stub_func:\n",
        Footer: "\t.size\ttp_stub_func, . - tp_stub_func\n",
        Scratch: ["rax", "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11"],
        Preserved: ["rbx", "rbp", "r12", "r13", "r14", "r15"],
        Set: "\tmovq\t${imm}, %{reg}\n",
        SaveModifyRestore: "\tpushq\t%{reg}\n\tmovq\t${imm}, %{reg}\n\tpopq\t%{reg}\n",
        // The first stack argument, above the return address the call pushed.
        WriteOwnArgument: "\tmovq\t${imm}, 8(%rsp)\n",
        WriteCallerFrame: "\tmovq\t${imm}, 0x118(%rsp)\n",
        Return: "\tretq\n",
        // A popping return: the callee-pop convention the kernel never uses.
        ReturnMovingStackPointer: "\tretq\t${n}\n",
        Loop: "0:\tjmp\t0b\n",
        Trap: "\tud2\n");
}
