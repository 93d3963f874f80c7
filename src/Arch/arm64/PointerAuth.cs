using System.Buffers.Binary;
using Tpsim.Emulator.Unicorn;

namespace Tpsim.Arch.Arm64;

/// <summary>
/// Real pointer authentication (FEAT_PAuth, instruction key A) for the pac-bti build, as a kernel built
/// with CONFIG_ARM64_PTR_AUTH_KERNEL runs: <c>paciasp</c> signs x30 with SP as the modifier, <c>autiasp</c>
/// checks it, and a pointer that fails the check is poisoned (Unicorn's max CPU has no FEAT_FPAC, so
/// autiasp itself does not trap) and the <c>ret</c> through it faults at a non-canonical address.
/// BTI is enforced too: the setup turns the MMU on over an identity map (VA = PA) of the low 512 GiB whose
/// 1 GiB block descriptors all carry GP (guarded page), so an indirect branch (br/blr) to anything but a
/// matching landing pad (<c>bti c/j/jc</c>, or <c>paciasp</c>/<c>pacibsp</c>) raises a Branch Target
/// exception: interrupt 1 (EXCP_UDEF) at the target with PSTATE.BTYPE != 0, which tpsim reports as a trap of
/// kind "bti" (<see cref="Arm64Backend.TrapFromCpuState"/>).
/// </summary>
/// <remarks>
/// The sequence, on an engine opened with <see cref="Engine.Arm64CpuMax"/> (emulation then starts at EL1):
/// <list type="number">
/// <item>SCR_EL3 = NS | RW | APK | API and HCR_EL2 = RW | APK | API, from the host, so neither EL3 nor
/// EL2 traps or disables the PAuth instructions at EL1;</item>
/// <item>APIAKeyLo_EL1/APIAKeyHi_EL1 from the host;</item>
/// <item>the translation tables (<see cref="PageTables"/>), MAIR_EL1, TCR_EL1 and TTBR0_EL1 from the host;</item>
/// <item>SCTLR_EL1 |= EnIA | M by the guest: a one-shot stub <c>msr SCTLR_EL1, x0; isb</c> on a scratch
/// page, since QEMU rebuilds the cached translation flags (PAUTH_ACTIVE) only on a guest write; a host
/// write of SCTLR_EL1 is stored but does not take effect.</item>
/// </list>
/// The state then lives in the CPU context, so <c>uc_context_save</c>/<c>uc_context_restore</c> keep it.
/// Both RW bits are required (without either, paciasp raises UNDEFINED). A fetch from an address above the
/// identity map (a poisoned pointer) is a translation fault, a prefetch abort (interrupt hook, intno 3) on
/// this engine; the default engine (MMU off, SCR_EL3 = 0) ends the same fetch as UC_ERR_FETCH_UNMAPPED. An
/// address inside the identity map that Unicorn has not mapped still ends as an unmapped access at that address.
/// TCR_EL1.T0SZ is 16 (48-bit VAs, as the MMU-off default of 0 is clamped to), so the PAC field keeps its place
/// (bits 54:48 and 63:56); the walk starts at level 0, whose entry 0 points at one level-1 table of 512
/// identity-mapped 1 GiB blocks, and every other level-0 entry is invalid.
/// </remarks>
public static class PointerAuth
{
    /// <summary>SCTLR_EL1.EnIA: enables the instruction A key (PACIA*, AUTIA*) at EL1/EL0.</summary>
    public const ulong SctlrEnIA = 1UL << 31;

    /// <summary>SCR_EL3: NS (bit 0), RW (10, EL2 and below are AArch64), APK (16), API (17).</summary>
    public const ulong ScrEl3 = (1UL << 0) | (1UL << 10) | (1UL << 16) | (1UL << 17);

    /// <summary>HCR_EL2: RW (bit 31, EL1 is AArch64), API (41), APK (40).</summary>
    public const ulong HcrEl2 = (1UL << 31) | (1UL << 40) | (1UL << 41);

    /// <summary>A fixed APIA key, so signed pointers (and reports that show them) are the same on every run.</summary>
    public const ulong KeyLo = 0x7470_7369_6d2d_7061; // "tpsim-pa"

    public const ulong KeyHi = 0x632d_6b65_792d_6130; // "c-key-a0"

    /// <summary>The page the one-shot setup stub runs from: just below the shadow call stack, never mapped otherwise.</summary>
    public const ulong SetupPage = Arm64Backend.ShadowCallStack - 0x1000;

    /// <summary>SCTLR_EL1.M: the stage-1 MMU for EL1/EL0, which makes the GP bit of the descriptors (and so BTI) count.</summary>
    public const ulong SctlrM = 1UL << 0;

    /// <summary>The level-0 table (one page) and the level-1 table (the next page), just below <see cref="SetupPage"/>; mapped read-only for good.</summary>
    public const ulong PageTables = SetupPage - 0x2000;

    public const ulong PageTablesSize = 0x2000;

    /// <summary>The identity map covers VA = PA in [0, 512 GiB): every address tpsim uses on arm64.</summary>
    public const ulong IdentityMapSize = 512UL << 30;

    /// <summary>Block descriptor bits: GP (50), AF (10), SH = inner shareable (9:8), AttrIndx 0, AP = 00 (EL1 read/write), valid block (01).</summary>
    public const ulong BlockAttributes = (1UL << 50) | (1UL << 10) | (3UL << 8) | 0b01;

    /// <summary>MAIR_EL1 attribute 0: normal memory, inner/outer write-back.</summary>
    public const ulong MairEl1 = 0xff;

    /// <summary>TCR_EL1: T0SZ = 16, IRGN0/ORGN0 = write-back, SH0 = inner, TG0 = 4 KiB, EPD1 (no TTBR1 walks), IPS = 40 bits.</summary>
    public const ulong TcrEl1 = 16UL | (1UL << 8) | (1UL << 10) | (3UL << 12) | (1UL << 23) | (2UL << 32);

    /// <summary>PSTATE.BTYPE (bits 11:10): non-zero at a Branch Target exception; must be cleared before the next run.</summary>
    public const ulong PstateBtype = 3UL << 10;

    /// <summary>Bits 62:61 of a pointer that failed authentication carry the key's error code (01 for key A with TBI off).</summary>
    public const ulong PoisonMask = 3UL << 61;

    // Encodings as (op0, op1, CRn, CRm, op2), the operands of MRS/MSR.
    private static readonly (uint Op0, uint Op1, uint Crn, uint Crm, uint Op2) Sctlr = (3, 0, 1, 0, 0);
    private static readonly (uint Op0, uint Op1, uint Crn, uint Crm, uint Op2) Scr = (3, 6, 1, 1, 0);
    private static readonly (uint Op0, uint Op1, uint Crn, uint Crm, uint Op2) Hcr = (3, 4, 1, 1, 0);
    private static readonly (uint Op0, uint Op1, uint Crn, uint Crm, uint Op2) ApiaKeyLo = (3, 0, 2, 1, 0);
    private static readonly (uint Op0, uint Op1, uint Crn, uint Crm, uint Op2) ApiaKeyHi = (3, 0, 2, 1, 1);
    private static readonly (uint Op0, uint Op1, uint Crn, uint Crm, uint Op2) Mair = (3, 0, 10, 2, 0);
    private static readonly (uint Op0, uint Op1, uint Crn, uint Crm, uint Op2) Tcr = (3, 0, 2, 0, 2);
    private static readonly (uint Op0, uint Op1, uint Crn, uint Crm, uint Op2) Ttbr0 = (3, 0, 2, 0, 0);

    /// <summary><c>msr SCTLR_EL1, x0; isb; brk #0</c>: the run stops at the brk (the until address), before executing it.</summary>
    private static readonly byte[] SetupStub =
    [
        0x00, 0x10, 0x18, 0xd5, // msr SCTLR_EL1, x0
        0xdf, 0x3f, 0x03, 0xd5, // isb
        0x00, 0x00, 0x20, 0xd4, // brk #0 (never executed)
    ];

    private const ulong SetupStop = SetupPage + 8;

    /// <summary>
    /// Enables PAC key A and BTI (MMU on over a guarded identity map) on <paramref name="engine"/>, which must have been opened with
    /// <see cref="Engine.Arm64CpuMax"/> (on the default Cortex-A72 the PAuth instructions are NOPs whatever
    /// the registers say). Leaves x0, pc and the memory map as they were.
    /// </summary>
    /// <exception cref="InvalidOperationException">The guest setup stub did not run to its end.</exception>
    public static void Enable(Engine engine)
    {
        Write(engine, Scr, ScrEl3);
        Write(engine, Hcr, HcrEl2);
        Write(engine, ApiaKeyLo, KeyLo);
        Write(engine, ApiaKeyHi, KeyHi);

        var level1 = PageTables + 0x1000;
        engine.Map(PageTables, PageTablesSize, UcProt.Read);
        var tables = new byte[PageTablesSize];
        BinaryPrimitives.WriteUInt64LittleEndian(tables, level1 | 0b11); // level 0 entry 0: table descriptor
        for (var i = 0; i < 512; i++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(tables.AsSpan(0x1000 + 8 * i), ((ulong)i << 30) | BlockAttributes);
        }
        engine.Write(PageTables, tables);
        Write(engine, Mair, MairEl1);
        Write(engine, Tcr, TcrEl1);
        Write(engine, Ttbr0, PageTables);

        var x0 = RegisterIds.Map["x0"];
        var pc = RegisterIds.Map["pc"];
        var savedX0 = engine.ReadRegister(x0);
        var savedPc = engine.ReadRegister(pc);
        var sctlr = Read(engine, Sctlr) | SctlrEnIA | SctlrM;

        engine.Map(SetupPage, 0x1000, UcProt.Read | UcProt.Exec);
        try
        {
            engine.Write(SetupPage, SetupStub);
            engine.WriteRegister(x0, sctlr);
            var err = engine.Run(SetupPage, SetupStop, instructionBudget: 16);
            var stoppedAt = engine.ReadRegister(pc);
            if (err != UcError.Ok || stoppedAt != SetupStop)
            {
                throw new InvalidOperationException(
                    $"arm64 pointer-authentication setup stub stopped at pc 0x{stoppedAt:x} with {err}, expected pc 0x{SetupStop:x}");
            }
        }
        finally
        {
            engine.RemoveCache(SetupPage, SetupPage + 0x1000);
            engine.Unmap(SetupPage, 0x1000);
            engine.WriteRegister(x0, savedX0);
            engine.WriteRegister(pc, savedPc);
        }

        if ((Read(engine, Sctlr) & (SctlrEnIA | SctlrM)) != (SctlrEnIA | SctlrM))
        {
            throw new InvalidOperationException("arm64 pointer-authentication setup: SCTLR_EL1.EnIA or M is still clear after the guest msr");
        }
    }

    /// <summary>Whether SCTLR_EL1.M is set: the MMU is on, and with it BTI on the guarded identity map.</summary>
    public static bool IsMmuEnabled(Engine engine) => (Read(engine, Sctlr) & SctlrM) != 0;

    /// <summary>PSTATE as Unicorn 2.0.1 exposes it (UC_ARM64_REG_PSTATE).</summary>
    public const int PstateRegister = 265;

    /// <summary>PSTATE.BTYPE, non-zero when the last run stopped at a Branch Target exception.</summary>
    public static ulong BranchType(Engine engine) => (engine.ReadRegister(PstateRegister) & PstateBtype) >> 10;

    /// <summary>Clears PSTATE.BTYPE, which a Branch Target exception leaves set, so the next run's first instruction is not checked.</summary>
    public static void ClearBranchType(Engine engine)
    {
        var pstate = engine.ReadRegister(PstateRegister);
        if ((pstate & PstateBtype) != 0)
        {
            engine.WriteRegister(PstateRegister, pstate & ~PstateBtype);
        }
    }

    /// <summary>Whether SCTLR_EL1.EnIA is set (as stored; it is in effect when <see cref="Enable"/> set it).</summary>
    public static bool IsEnabled(Engine engine) => (Read(engine, Sctlr) & SctlrEnIA) != 0;

    private static void Write(Engine engine, (uint Op0, uint Op1, uint Crn, uint Crm, uint Op2) r, ulong value) =>
        engine.WriteArm64SystemRegister(r.Op0, r.Op1, r.Crn, r.Crm, r.Op2, value);

    private static ulong Read(Engine engine, (uint Op0, uint Op1, uint Crn, uint Crm, uint Op2) r) =>
        engine.ReadArm64SystemRegister(r.Op0, r.Op1, r.Crn, r.Crm, r.Op2);
}
