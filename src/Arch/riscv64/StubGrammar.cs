using Tpsim.Emulator.Isa;

namespace Tpsim.Arch.Riscv64;

/// <summary>riscv64 spellings of the generated stubs' behaviours (see <see cref="Emulator.Isa.StubGrammar"/>).</summary>
internal static class StubGrammar
{
    public static readonly Emulator.Isa.StubGrammar Grammar = new(
        Header: "\t.text\n\t.globl\ttp_stub_func\n\t.type\ttp_stub_func, @function\ntp_stub_func:\n",
        Footer: "\t.size\ttp_stub_func, . - tp_stub_func\n",
        Scratch: ["t0", "t1", "t2", "t3", "t4", "t5", "t6", "a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7"],
        Preserved: ["s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11"],
        Set: "\tli\t{reg}, {imm}\n",
        SaveModifyRestore: "\taddi\tsp, sp, -16\n\tsd\t{reg}, 8(sp)\n\tli\t{reg}, {imm}\n\tld\t{reg}, 8(sp)\n\taddi\tsp, sp, 16\n",
        WriteOwnArgument: "\tli\tt0, {imm}\n\tsd\tt0, 0(sp)\n",
        WriteCallerFrame: "\tli\tt0, {imm}\n\tsd\tt0, 0x118(sp)\n",
        Return: "\tret\n",
        ReturnMovingStackPointer: "\taddi\tsp, sp, {n}\n\tret\n",
        Loop: "0:\tj\t0b\n",
        // Uncompressed, as in the trap control, so both executors see the same 4-byte ebreak.
        Trap: "\t.option\tpush\n\t.option\tnorvc\n\tebreak\n\t.option\tpop\n");
}
