using Tpsim.Emulator.Isa;

namespace Tpsim.Arch.Ppc64;

/// <summary>ppc64 spellings of the generated stubs' behaviours (see <see cref="Emulator.Isa.StubGrammar"/>).</summary>
internal static class StubGrammar
{
    public static readonly Emulator.Isa.StubGrammar Grammar = new(
        // ELFv1: the symbol is the function descriptor; the code has a local label.
        Header: "\t.section\t\".opd\", \"aw\"\n\t.align\t3\n\t.globl\ttp_stub_func\n\t.type\ttp_stub_func, @function\ntp_stub_func:\n"
            + "\t.quad\t.L.tp_stub_func, .TOC.@tocbase, 0\n\t.size\ttp_stub_func, 24\n\t.text\n\t.align\t2\n.L.tp_stub_func:\n",
        Footer: "",
        Scratch: ["3", "4", "5", "6", "7", "8", "9", "10", "11", "12"],
        Preserved: ["14", "15", "16", "17", "18", "19", "20", "21", "22", "23", "24", "25", "26", "27", "28", "29", "30", "31"],
        Set: "\tli\t{reg}, {imm}\n",
        SaveModifyRestore: "\tstdu\t1, -48(1)\n\tstd\t{reg}, 40(1)\n\tli\t{reg}, {imm}\n\tld\t{reg}, 40(1)\n\taddi\t1, 1, 48\n",
        // The first doubleword of the caller's parameter save area, which ELFv1 makes the callee's.
        WriteOwnArgument: "\tli\t11, {imm}\n\tstd\t11, 48(1)\n",
        WriteCallerFrame: "\tli\t11, {imm}\n\tstd\t11, 0x118(1)\n",
        Return: "\tblr\n",
        ReturnMovingStackPointer: "\taddi\t1, 1, {n}\n\tblr\n",
        Loop: "0:\tb\t0b\n",
        Trap: "\ttrap\n")
    {
        OwnsIncomingAreaAlways = true,
    };
}
