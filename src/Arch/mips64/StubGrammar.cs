using Tpsim.Emulator.Isa;

namespace Tpsim.Arch.Mips64;

/// <summary>mips64 spellings of the generated stubs' behaviours (see <see cref="Emulator.Isa.StubGrammar"/>).</summary>
internal static class StubGrammar
{
    public static readonly Emulator.Isa.StubGrammar Grammar = new(
        Header: "\t.set\tnoreorder\n\t.text\n\t.globl\ttp_stub_func\n\t.type\ttp_stub_func, @function\ntp_stub_func:\n",
        Footer: "\t.size\ttp_stub_func, . - tp_stub_func\n",
        Scratch: ["$2", "$3", "$4", "$5", "$6", "$7", "$8", "$9", "$10", "$11", "$12", "$13", "$14", "$15", "$24", "$25"],
        Preserved: ["$16", "$17", "$18", "$19", "$20", "$21", "$22", "$23", "$30"],
        Set: "\tli\t{reg}, {imm}\n",
        SaveModifyRestore: "\tdaddiu\t$sp, $sp, -16\n\tsd\t{reg}, 8($sp)\n\tli\t{reg}, {imm}\n\tld\t{reg}, 8($sp)\n\tdaddiu\t$sp, $sp, 16\n",
        WriteOwnArgument: "\tli\t$12, {imm}\n\tsd\t$12, 0($sp)\n",
        WriteCallerFrame: "\tli\t$12, {imm}\n\tsd\t$12, 0x118($sp)\n",
        Return: "\tjr\t$ra\n\tnop\n",
        // The move sits in the delay slot, so it happens as the return does.
        ReturnMovingStackPointer: "\tjr\t$ra\n\tdaddiu\t$sp, $sp, {n}\n",
        Loop: "0:\tb\t0b\n\tnop\n",
        Trap: "\tbreak\n\tnop\n");
}
