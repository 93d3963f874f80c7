using Tpsim.Arch.Riscv64;
using Tpsim.Emulator.Checking;
using LibObjectFile.Elf;
using Tpsim.Emulator.Toolchain;
using Tpsim.KernelSim.Machine;
using Xunit;

namespace Tpsim.Tests.KernelSim.Machine;

/// <summary>
/// The call monitor reads the callee-saved FP registers at the first entry of a fire and at every return only, when
/// the kernel image's code never writes an FP register (<see cref="KernelMachine.SiteLeavesFloatRegistersAlone"/>).
/// On riscv64 the image is read for FP-writing instructions, by an encoding table that the real assembler checks
/// (kernel C is rv64imac, but assembly may enable D); a clobber by a later call must still be caught.
/// </summary>
public sealed class SiteFloatRegisterTests
{
    private static readonly Compiler Compiler = new();

    [Theory]
    [InlineData("add a0, a0, a1\n ld a1, 8(sp)\n sd s0, 0(sp)\n c.addi sp, -16\n fsd fs0, 8(sp)\n c.fsdsp fs1, 8(sp)\n ret", false)]
    [InlineData("fmv.x.d a0, fa0", true)] // writes a0 only, but OP-FP counts as "may" by major opcode
    [InlineData("fld fs0, 0(sp)", true)]
    [InlineData("c.fldsp fs1, 8(sp)", true)]
    [InlineData("c.fld fs0, 8(a0)", true)]
    [InlineData("flw ft0, 0(a0)", true)]
    [InlineData("fmv.d.x fs2, a0", true)]
    [InlineData("fcvt.d.l fs4, a1", true)]
    [InlineData("fmadd.d fs3, fa0, fa1, fa2", true)]
    [InlineData("fnmsub.s fs5, fa0, fa1, fa2", true)]
    public void Riscv64_code_is_read_for_instructions_that_may_write_an_fp_register(string code, bool mayWrite)
    {
        var isa = new Riscv64Backend();
        var elf = Compiler.Compile(BuildSpec.Default, isa.Toolchain, SourceLanguage.Asm, $"    .text\n    {code}\n", "fp.S");
        using var stream = new MemoryStream(elf, writable: false);
        Assert.True(ElfFile.TryRead(stream, out var file, out _, new ElfReaderOptions()));
        var text = file.Sections.Single(s => s.Name.Value == ".text");

        var found = isa.MayWriteFloatRegisters(elf.AsSpan((int)text.Position, (int)text.Size));

        Assert.Equal(mayWrite, found);
    }

    public static TheoryData<string> Names => [.. Isas.MatrixNames];

    [Theory]
    [MemberData(nameof(Names))]
    public void The_kernel_image_leaves_fp_registers_alone_wherever_the_abi_has_callee_saved_ones(string isa)
    {
        using var machine = new KernelMachine(Isas.Create(isa), Compiler, Isas.Strategy("stub"), [("tp", 3)]);

        Assert.Equal(machine.Isa.Abi.CalleeSavedFloat.Count > 0, machine.SiteLeavesFloatRegistersAlone);
    }

    [Theory]
    [InlineData(-1, "clobbers")]
    [InlineData(0, "clobbers")]
    [InlineData(1, "clobbers")]
    [InlineData(2, "clobbers")]
    [InlineData(0, "clobbers_late")]
    [InlineData(2, "clobbers_late")]
    public void A_callee_saved_fp_register_clobbered_by_any_call_of_a_fire_is_caught_at_that_call(int clobberAt, string clobber)
    {
        // Both write fs1. Kernel C is rv64imac (kbuild's flags), so the compiler cannot save an FP register: "keeps"
        // saves and restores fs1 itself, in assembly that enables D for its own lines, as the ABI demands of a callee.
        // "clobbers" only writes it.
        const string source = """
            #define WITH_D(insns) ".option push\n.option arch, +d\n" insns "\n.option pop"

            void keeps(void *data, long a1, long a2, long a3)
            {
            	__asm__ volatile(WITH_D("fmv.x.d t0, fs1\nfmv.d.x fs1, %0\nfmv.d.x fs1, t0") : : "r"(a1) : "t0");
            }

            void clobbers(void *data, long a1, long a2, long a3)
            {
            	__asm__ volatile(WITH_D("fmv.d.x fs1, %0") : : "r"(a1));
            }

            /* The write in a later block than the entry's. */
            void clobbers_late(void *data, long a1, long a2, long a3)
            {
            	if (a2 == 2)
            		__asm__ volatile(WITH_D("fmv.d.x fs1, %0") : : "r"(a1));
            }
            """;
        using var machine = new KernelMachine(new Riscv64Backend(), Compiler, Isas.Strategy("stub"), [("tp", 3)]);
        Assert.True(machine.SiteLeavesFloatRegistersAlone);
        var (module, _) = machine.LoadModule("m", source, "m.c");
        module.TryGetSymbol("keeps", out var keeps);
        module.TryGetSymbol(clobber, out var clobbers);
        var tp = machine.Tracepoint("tp");
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(0, machine.Model.Register(tp, i == clobberAt ? clobbers : keeps, (ulong)(i + 1)));
        }

        var run = machine.Fire("tp", [0x5a5a, 2, 3]).Run;

        if (clobberAt < 0)
        {
            // Every call writes fs1 and restores it: the FP state goes dirty, is compared, and is marked clean again.
            Assert.Equal(Verdict.Balanced, run.Verdict);
            Assert.Equal(Verdict.Balanced, machine.Fire("tp", [0x5a5a, 2, 3]).Run.Verdict);
            return;
        }
        Assert.Equal(Verdict.Unbalanced, run.Verdict);
        var violation = Assert.Single(run.Violations);
        Assert.Equal(ViolationKind.CalleeSaved, violation.Kind);
        Assert.Equal("fs1", violation.Register);
        Assert.Equal(clobberAt, violation.Call);
    }
}
