using Tpsim.Emulator.Checking;
using Tpsim.Emulator.Isa;
using Tpsim.Emulator.Loading;
using Tpsim.Emulator.Memory;
using Tpsim.Emulator.Unicorn;

namespace Tpsim.Arch.S390x;

/// <summary>
/// s390x (z/Architecture, big-endian): arguments in r2-r6 then at 160(%r15) above the caller's
/// register save area, return address in r14, big-endian ELF64 objects with RELA relocations.
/// </summary>
public sealed class S390xBackend : IsaBackend
{
    /// <summary>The PSW mask bits EA and BA: 64-bit addressing. Unicorn 2.0.1 starts an s390x CPU in 24-bit mode.</summary>
    public const ulong Psw64BitAddressing = 0x0000_0001_8000_0000;

    public override string Name => "s390x";

    /// <summary>Names other toolchains use (uname -m, Debian arch, GNU triples), so a user's habit still works.</summary>
    public override IReadOnlyList<string> Aliases => ["s390", "systemz", "zarch"];

    public override OracleTarget Oracle { get; } = new("qemu-s390x", [], "ld.lld-19", ["--image-base=0x400000"])
    {
        // struct ucontext: uc_mcontext at 40 (flags, link, a 24-byte stack_t), and the PSW address follows its mask.
        ContextPcOffset = 48,
        // After an operation exception the PSW already points past the instruction; si_addr names the instruction.
        TrapPcFromSignalAddress = true,
        // si_addr holds only the page: the kernel (and qemu-user) mask the translation-exception address with -4096.
        FaultAddressMask = ~0xfffUL,
        ReportsCalleeSavedRegisters = true,
    };

    public override AbiDescription Abi => S390x.Abi.Description;

    public override RegisterMap Registers => RegisterIds.Map;

    /// <summary>r0-r15 from the saved CPU state the FP registers are read from already: one copy, no batch read.</summary>
    public override int BulkReadId(int registerId) => RegisterIds.StateWord(registerId);

    public override IRelocator Relocator { get; } = new Relocations();

    public override CallBridge Bridge { get; } = new S390xCallBridge();

    public override Emulator.Isa.StubGrammar Grammar => S390x.StubGrammar.Grammar;

    public override ToolchainSettings Toolchain => S390x.Toolchain.Settings;

    /// <summary>The CPU runs with DAT off (real addresses), so any address the 64-bit mode reaches will do; low, away from the prefix area.</summary>
    public override ulong KernelBase => 0x4000_0000;

    /// <summary>An invalid opcode; never executed, because Unicorn stops at the halt address before it.</summary>
    public override byte[] HaltInstruction => [0x00, 0x00];

    /// <summary>
    /// A big-endian s390x engine in the 64-bit addressing mode, in supervisor state with DAT off, and with
    /// the AFP-register control (CR0 bit 45) on, so code may use f1, f3, f5, f7 and f8-f15 (without it those
    /// raise a data exception). Unicorn exposes no control registers, so a four-instruction guest snippet
    /// sets the bit, run once from a scratch page below <see cref="KernelBase"/> that is unmapped again.
    /// </summary>
    public override Engine CreateEngine()
    {
        var engine = new Engine(UcArch.S390x, UcMode.BigEndian);
        try
        {
            engine.WriteRegister(RegisterIds.Pswm, Psw64BitAddressing);
            EnableAdditionalFloatingPointRegisters(engine, KernelBase - Pages.Size);
            return engine;
        }
        catch
        {
            engine.Dispose();
            throw;
        }
    }

    public override DecodedInstruction DecodeTrap(ReadOnlySpan<byte> bytes) => Traps.Describe(bytes);

    /// <summary>an unassigned opcode 0x00xx.</summary>
    public override IReadOnlyList<int> TrapLengths => [2];

    public override int? InstructionLength(ReadOnlySpan<byte> bytes) => bytes.Length < 2 ? null : Traps.Length(bytes[0]);

    /// <summary>
    /// Unicorn 2.0.1 reports a branch to an unmapped address as a program interrupt (3) at the branch itself,
    /// the same interrupt as an invalid opcode. A register branch (BASR, BCR) whose target cannot be read is
    /// the fetch fault the kernel would see; anything else stays a trap.
    /// </summary>
    public override FaultInfo? FaultFromException(Engine engine, uint interruptNumber, ulong pc)
    {
        if (interruptNumber != 3)
        {
            return null;
        }
        // The PSW already points at an unreadable target, or still at the register branch that goes there.
        var target = !engine.TryRead(pc, new byte[2]) ? pc : BranchTarget(engine, pc);
        return target is { } t && !engine.TryRead(t, new byte[2]) ? new FaultInfo(FaultAccess.Fetch, t, t) : null;
    }

    private static ulong? BranchTarget(Engine engine, ulong pc)
    {
        var insn = new byte[2];
        if (!engine.TryRead(pc, insn))
        {
            return null;
        }
        // BASR R1,R2 (0x0d) and BCR M1,R2 (0x07): the target is register R2 (R2 = 0 means no branch).
        var r2 = insn[1] & 0xf;
        return insn[0] is 0x0d or 0x07 && r2 != 0 ? engine.ReadRegister(RegisterIds.Map[$"r{r2}"]) : null;
    }

    private static void EnableAdditionalFloatingPointRegisters(Engine engine, ulong scratch)
    {
        byte[] code =
        [
            0xeb, 0x00, 0x10, 0x00, 0x00, 0x25, // stctg %c0,%c0,0(%r1)
            0x96, 0x04, 0x10, 0x05,             // oi    5(%r1),0x04     CR0 bit 45: AFP-register control
            0xeb, 0x00, 0x10, 0x00, 0x00, 0x2f, // lctlg %c0,%c0,0(%r1)
        ];
        var data = scratch + 0x800;
        engine.Map(scratch, Pages.Size, UcProt.All);
        try
        {
            engine.Write(scratch, code);
            engine.WriteRegister(RegisterIds.Map["r1"], data);
            var err = engine.Run(scratch, scratch + (ulong)code.Length, instructionBudget: 16);
            if (err != UcError.Ok)
            {
                throw new UnicornException(err, "uc_emu_start", "setting the s390x AFP-register control failed");
            }
            engine.WriteRegister(RegisterIds.Map["r1"], 0);
        }
        finally
        {
            engine.Unmap(scratch, Pages.Size);
        }
    }

    public override Emulator.Isa.KernelRuntime KernelRuntime { get; } = new KernelRuntime();
}
