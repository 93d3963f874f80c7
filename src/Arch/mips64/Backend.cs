using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Tpsim.Emulator.Checking;
using Tpsim.Emulator.Isa;
using Tpsim.Emulator.Loading;
using Tpsim.Emulator.Unicorn;

namespace Tpsim.Arch.Mips64;

/// <summary>
/// mips64 (MIPS64r2, n64, big-endian): arguments in a0-a7 then at 0($sp), return address in ra (the
/// instruction after the branch delay slot), big-endian ELF64 objects with RELA relocations.
/// </summary>
/// <remarks>
/// Branch delay slots need nothing special from the checker: the instruction in the slot of a site's
/// <c>jalr</c> runs (and is hooked) before the callee's entry, jalr has already set ra to the address
/// after the slot, and the first site instruction after the callee's entry is the one at ra when the
/// callee returns right, with its own <c>jr $ra</c> and delay slot behind it.
/// </remarks>
public sealed class Mips64Backend : IsaBackend
{
    /// <summary>
    /// UC_CPU_MIPS64_* 8, which Unicorn 2.0.1 resolves to QEMU's <c>mips_defs[8]</c>, the 24Kf: a MIPS32r2
    /// CPU with a 64-bit-capable FPU. Its MIPS64 build indexes the CPU table without skipping the 16
    /// MIPS32 entries (and refuses models 13 and up), so no model choice gives a 64-bit CPU.
    /// </summary>
    public const int CpuModel = 8;

    /// <summary>QEMU's <c>insn_flags</c> of the 24Kf: CPU_MIPS32R2 | ASE_MIPS16 in this build.</summary>
    public const ulong Cpu24KfInstructionFlags = 0x1_0000_0063;

    /// <summary>ISA_MIPS1..5, MIPS32, MIPS32R2, MIPS64 and MIPS64R2: QEMU's CPU_MIPS64R2.</summary>
    public const ulong Mips64R2InstructionFlags = 0x1ff;

    /// <summary>Status: CU1 (FPU usable), FR (32 64-bit FPRs, as n64 needs), BEV and ERL as at reset. ERL keeps the CPU in kernel mode and kuseg unmapped.</summary>
    public const ulong StatusBits = 0x2440_0004;

    public override string Name => "mips64";

    public override string? UnhookedRunLimit => "Unicorn 2.0.1's mips64 uc_emu_start corrupts the start PC, which tpsim repairs from a hook";

    /// <summary>Names other toolchains use (uname -m, Debian arch, GNU triples), so a user's habit still works.</summary>
    public override IReadOnlyList<string> Aliases => ["mips64be", "mips64r2", "n64"];

    public override OracleTarget Oracle { get; } = new("qemu-mips64", [], "ld.lld-19", ["--image-base=0x400000"])
    {
        // n64 struct ucontext: uc_mcontext at 40 (flags, link, a 24-byte stack_t), then sc_regs[32], sc_fpregs[32],
        // mdhi, hi1-3, mdlo, lo1-3, sc_pc; measured on qemu-mips64 7.2, whose dump holds the break's address there.
        ContextPcOffset = 616,
        ReportsCalleeSavedRegisters = true,
    };

    public override AbiDescription Abi => Mips64.Abi.Description;

    public override RegisterMap Registers => RegisterIds.Map;

    public override IRelocator Relocator { get; } = new Relocations();

    public override CallBridge Bridge { get; } = new Mips64CallBridge();

    public override Emulator.Isa.StubGrammar Grammar => Mips64.StubGrammar.Grammar;

    public override ToolchainSettings Toolchain => Mips64.Toolchain.Settings;

    /// <summary>
    /// In kuseg, which Status.ERL leaves unmapped (virtual = physical), so no TLB is needed; CKSEG0 would
    /// translate to physical addresses that Unicorn's memory API does not see. 0x40000000 is a positive
    /// 32-bit address, so GCC's -msym32 code reaches it as well as clang's 64-bit sequences.
    /// </summary>
    public override ulong KernelBase => 0x4000_0000;

    /// <summary><c>break</c>; never executed, because Unicorn stops at the halt address before it.</summary>
    public override byte[] HaltInstruction => [0x00, 0x00, 0x00, 0x0d];

    /// <summary>
    /// A big-endian MIPS64 engine whose CPU runs MIPS64r2 code: the 24Kf Unicorn 2.0.1 gives, with QEMU's
    /// <c>insn_flags</c> set to CPU_MIPS64R2 (dropping the 24Kf's MIPS16e) in the saved CPU state (the eight bytes before
    /// <c>saarp</c>, the last field before <c>end_reset_fields</c>), then Status written, which makes QEMU
    /// recompute its hflags: 64-bit operations enabled, FPU usable with FR = 1. Without this every 64-bit
    /// instruction raises a reserved-instruction exception. The old flags must be the 24Kf's, or the
    /// layout is not the one this was worked out on and the engine is refused.
    /// </summary>
    public override Engine CreateEngine()
    {
        var engine = new Engine(UcArch.Mips, UcMode.Mode64 | UcMode.BigEndian, CpuModel);
        try
        {
            using (var context = engine.SaveContext())
            {
                var raw = context.DangerousGetHandle();
                var stateSize = (long)Marshal.ReadIntPtr(raw);
                var offset = checked((int)(GuestRegisters.ContextHeaderSize + stateSize - 12));
                var flags = unchecked((ulong)Marshal.ReadInt64(raw, offset));
                if (flags != Cpu24KfInstructionFlags)
                {
                    throw new InvalidOperationException(
                        $"unexpected Unicorn MIPS64 CPU state: insn_flags at byte {offset - GuestRegisters.ContextHeaderSize} is 0x{flags:x}, not the 24Kf's 0x{Cpu24KfInstructionFlags:x}");
                }
                // Replaced, not widened: a MIPS64r2 kernel CPU has no MIPS16e, so a jump to an odd address is
                // an address error, not a switch to MIPS16 mode at the even one.
                Marshal.WriteInt64(raw, offset, unchecked((long)Mips64R2InstructionFlags));
                engine.RestoreContext(context);
            }
            engine.WriteRegister(RegisterIds.Status, StatusBits);
            return engine;
        }
        catch
        {
            engine.Dispose();
            throw;
        }
    }

    public override DecodedInstruction DecodeTrap(ReadOnlySpan<byte> bytes) => Traps.Describe(bytes);

    /// <summary>
    /// Address errors (12 AdEL, 13 AdES: a misaligned access, or an address outside the 32-bit compatibility
    /// segments) and TLB misses (26 TLBL, 27 TLBS: a mapped segment with no TLB) are failed accesses, not
    /// traps. CP0 BadVAddr holds the address; the instruction at <paramref name="pc"/> (the engine puts
    /// the PC back on the instruction that raised it) tells a load or store whose own effective address
    /// that is from a fetch after a jump.
    /// </summary>
    public override FaultInfo? FaultFromException(Engine engine, uint interruptNumber, ulong pc)
    {
        if (interruptNumber is not (12 or 13 or 26 or 27))
        {
            return null;
        }
        var address = GuestRegisters.Read(engine, RegisterIds.Map["badvaddr"]);
        var bytes = new byte[4];
        if (engine.TryRead(pc, bytes))
        {
            var word = BinaryPrimitives.ReadUInt32BigEndian(bytes);
            var data = Traps.IsLoad(word) || Traps.IsStore(word);
            var effective = unchecked(engine.ReadRegister(2 + (int)(word >> 21 & 0x1f)) + (ulong)(long)(short)(word & 0xffff));
            if (data && effective == address)
            {
                return new FaultInfo(Traps.IsLoad(word) ? FaultAccess.Read : FaultAccess.Write, address, pc);
            }
        }
        return new FaultInfo(FaultAccess.Fetch, address, address);
    }

    public override Emulator.Isa.KernelRuntime KernelRuntime { get; } = new KernelRuntime();
}
