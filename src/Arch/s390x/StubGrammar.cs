using Tpsim.Emulator.Isa;

namespace Tpsim.Arch.S390x;

/// <summary>s390x spellings of the generated stubs' behaviours (see <see cref="Emulator.Isa.StubGrammar"/>).</summary>
internal static class StubGrammar
{
    public static readonly Emulator.Isa.StubGrammar Grammar = new(
        Header: "\t.text\n\t.globl\ttp_stub_func\n\t.type\ttp_stub_func, @function\ntp_stub_func:\n",
        Footer: "\t.size\ttp_stub_func, . - tp_stub_func\n",
        Scratch: ["r0", "r1", "r2", "r3", "r4", "r5"],
        Preserved: ["r6", "r7", "r8", "r9", "r10", "r11", "r12", "r13"],
        Set: "\tlghi\t%{reg}, {imm}\n",
        SaveModifyRestore: "\taghi\t%r15, -16\n\tstg\t%{reg}, 8(%r15)\n\tlghi\t%{reg}, {imm}\n\tlg\t%{reg}, 8(%r15)\n\taghi\t%r15, 16\n",
        // The r6 slot of the register save area the caller reserves at 0(%r15): the callee's to store into.
        WriteOwnArgument: "\tlghi\t%r1, {imm}\n\tstg\t%r1, 48(%r15)\n",
        WriteCallerFrame: "\tlghi\t%r1, {imm}\n\tstg\t%r1, 0x118(%r15)\n",
        Return: "\tbr\t%r14\n",
        ReturnMovingStackPointer: "\taghi\t%r15, {n}\n\tbr\t%r14\n",
        Loop: "0:\tj\t0b\n",
        Trap: "\t.short\t0x0000\n")
    {
        OwnsIncomingAreaAlways = true,
    };
}
