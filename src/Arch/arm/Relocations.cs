using Tpsim.Emulator.Loading;

namespace Tpsim.Arch.Arm;

/// <summary>
/// 32-bit Arm relocations (AAELF32, "Static ARM relocations") as arch/arm/kernel/module.c's
/// <c>apply_relocate</c> applies them to a module built with -fno-pic, in ARM and in Thumb-2 code.
/// Objects are ELF32 with SHT_REL tables: the addend is the field's own content (a data word, a branch
/// immediate, a MOVW/MOVT immediate), sign-extended as AAELF32 says.
/// </summary>
/// <remarks>
/// <para>S is the symbol's value as its ELF symbol gives it, so a Thumb function carries T in bit 0 and
/// every "(S + A) | T" of AAELF32 is simply S + A (what the kernel computes too: <c>*loc += sym->st_value</c>).
/// PC-relative data fields hold S + A - P modulo 2^32, as the CPU's 32-bit address arithmetic wraps;
/// what must fit is the target S + A itself.</para>
/// <para>Branches never go through a veneer or PLT: a B/BL must reach, ±32 MiB in ARM and ±16 MiB in
/// Thumb-2. A call that changes instruction set is converted as AAELF32 specifies for R_ARM_CALL and
/// R_ARM_THM_CALL (BL to BLX and back); the kernel's loader refuses such a call instead, which never
/// matters to it because all its C is built in one state. A plain or conditional branch
/// (R_ARM_JUMP24, R_ARM_PC24, R_ARM_THM_JUMP24) cannot change state and is refused, as the kernel does.</para>
/// <para>R_ARM_PREL31 fills the .ARM.exidx entries clang writes even with -fno-asynchronous-unwind-tables
/// (EXIDX_CANTUNWIND entries). GOT, PLT, TLS, static-base and dynamic types, the short Thumb branches
/// (R_ARM_THM_JUMP19/11/8, which the kernel does not handle either) and every other type are refused by name.</para>
/// </remarks>
public sealed class Relocations : IRelocator
{
    public ushort Machine => 40;

    public string MachineName => "EM_ARM";

    public int ElfClass => 32;

    public bool ReadsImplicitAddends => true;

    public string TypeName(uint type) =>
        Enum.IsDefined((RelocationType)type) ? ((RelocationType)type).ToString() : $"type {type}";

    public long ImplicitAddend(in RelocationContext context) => (RelocationType)context.Type switch
    {
        RelocationType.R_ARM_NONE or RelocationType.R_ARM_V4BX => 0,
        RelocationType.R_ARM_ABS32 or RelocationType.R_ARM_TARGET1 or RelocationType.R_ARM_REL32 => (int)context.ReadUInt32(),
        RelocationType.R_ARM_PREL31 => SignExtend(context.ReadUInt32() & 0x7fff_ffff, 31),
        RelocationType.R_ARM_PC24 or RelocationType.R_ARM_CALL or RelocationType.R_ARM_JUMP24 => ArmBranchAddend(context.ReadUInt32()),
        RelocationType.R_ARM_THM_CALL or RelocationType.R_ARM_THM_JUMP24 => ThumbBranchAddend(context.ReadUInt16(), context.ReadUInt16(2)),
        RelocationType.R_ARM_MOVW_ABS_NC or RelocationType.R_ARM_MOVT_ABS
            or RelocationType.R_ARM_MOVW_PREL_NC or RelocationType.R_ARM_MOVT_PREL => SignExtend(ArmMovImmediate(context.ReadUInt32()), 16),
        RelocationType.R_ARM_THM_MOVW_ABS_NC or RelocationType.R_ARM_THM_MOVT_ABS
            or RelocationType.R_ARM_THM_MOVW_PREL_NC or RelocationType.R_ARM_THM_MOVT_PREL => SignExtend(ThumbMovImmediate(context.ReadUInt16(), context.ReadUInt16(2)), 16),
        _ => throw context.Unsupported(),
    };

    public void Apply(in RelocationContext context)
    {
        switch ((RelocationType)context.Type)
        {
            case RelocationType.R_ARM_NONE:
                return;
            case RelocationType.R_ARM_ABS32:
            case RelocationType.R_ARM_TARGET1:
                // TARGET1 is ABS32 on Linux (the kernel treats them alike); it marks .init_array entries.
                context.CheckSignedOrUnsigned((long)context.Absolute, 32);
                context.WriteUInt32((uint)context.Absolute);
                return;
            case RelocationType.R_ARM_REL32:
                context.CheckSignedOrUnsigned((long)context.Absolute, 32);
                context.WriteUInt32((uint)context.PcRelative);
                return;
            case RelocationType.R_ARM_PREL31:
                context.CheckSigned(context.PcRelative, 31);
                context.WriteUInt32((context.ReadUInt32() & 0x8000_0000) | ((uint)context.PcRelative & 0x7fff_ffff));
                return;
            case RelocationType.R_ARM_V4BX:
                // ARMv4 has no BX: the kernel rewrites "bx rm" as "mov pc, rm", keeping cond and rm.
                context.WriteUInt32((context.ReadUInt32() & 0xf000_000f) | 0x01a0_f000);
                return;
            case RelocationType.R_ARM_PC24:
            case RelocationType.R_ARM_JUMP24:
                PatchArmBranch(context, mayExchange: false);
                return;
            case RelocationType.R_ARM_CALL:
                PatchArmBranch(context, mayExchange: true);
                return;
            case RelocationType.R_ARM_THM_CALL:
                PatchThumbBranch(context, mayExchange: true);
                return;
            case RelocationType.R_ARM_THM_JUMP24:
                PatchThumbBranch(context, mayExchange: false);
                return;
            case RelocationType.R_ARM_MOVW_ABS_NC:
                PatchArmMov(context, (uint)context.Absolute & 0xffff);
                return;
            case RelocationType.R_ARM_MOVT_ABS:
                context.CheckSignedOrUnsigned((long)context.Absolute, 32);
                PatchArmMov(context, (uint)(context.Absolute >> 16) & 0xffff);
                return;
            case RelocationType.R_ARM_MOVW_PREL_NC:
                PatchArmMov(context, (uint)context.PcRelative & 0xffff);
                return;
            case RelocationType.R_ARM_MOVT_PREL:
                context.CheckSignedOrUnsigned((long)context.Absolute, 32);
                PatchArmMov(context, (uint)(context.PcRelative >> 16) & 0xffff);
                return;
            case RelocationType.R_ARM_THM_MOVW_ABS_NC:
                PatchThumbMov(context, (uint)context.Absolute & 0xffff);
                return;
            case RelocationType.R_ARM_THM_MOVT_ABS:
                context.CheckSignedOrUnsigned((long)context.Absolute, 32);
                PatchThumbMov(context, (uint)(context.Absolute >> 16) & 0xffff);
                return;
            case RelocationType.R_ARM_THM_MOVW_PREL_NC:
                PatchThumbMov(context, (uint)context.PcRelative & 0xffff);
                return;
            case RelocationType.R_ARM_THM_MOVT_PREL:
                context.CheckSignedOrUnsigned((long)context.Absolute, 32);
                PatchThumbMov(context, (uint)(context.PcRelative >> 16) & 0xffff);
                return;
            default:
                throw context.Unsupported();
        }
    }

    // Instruction field encoders (Arm ARM for A-profile, "A32 and T32 instruction set encoding").

    /// <summary>
    /// B, BL and BLX (immediate) in ARM state: a signed word offset in bits 23:0 from P + 8; BLX (cond 1111)
    /// adds the halfword bit H in bit 24. The addend holds the -8 of the pipeline.
    /// </summary>
    private static void PatchArmBranch(in RelocationContext context, bool mayExchange)
    {
        var insn = context.ReadUInt32();
        var isBlx = insn >> 28 == 0xf;
        var toThumb = (context.S & 1) != 0;
        var offset = context.PcRelative - (toThumb ? 1 : 0);
        if (toThumb)
        {
            if (!mayExchange)
            {
                throw context.Invalid("the target is Thumb code and a B or conditional BL cannot change instruction set (the kernel refuses this interworking branch too)");
            }
            if (!isBlx && insn >> 28 != 0xe)
            {
                throw context.Invalid($"a conditional BL (cond 0x{insn >> 28:x}) cannot become the BLX a Thumb target needs");
            }
            context.CheckSigned(offset, 26);
            context.CheckAlignment(offset, 2);
            // BLX (immediate): 1111 101 H imm24.
            context.WriteUInt32(0xfa00_0000 | (((uint)offset >> 1 & 1) << 24) | ((uint)(offset >> 2) & 0x00ff_ffff));
            return;
        }
        context.CheckSigned(offset, 26);
        context.CheckAlignment(offset, 4);
        // An ARM target: BLX (immediate) goes back to BL (cond AL, 1110 1011); B and BL keep their cond and L bit.
        var head = isBlx ? 0xeb00_0000 : insn & 0xff00_0000;
        context.WriteUInt32(head | ((uint)(offset >> 2) & 0x00ff_ffff));
    }

    /// <summary>
    /// BL, BLX (immediate) and B.W in Thumb-2: S:I1:I2:imm10:imm11:'0', a 25-bit signed offset from P + 4
    /// (BLX: from Align(P + 4, 4) to a word-aligned ARM target). Bit 12 of the second halfword is 1 for BL, 0 for BLX.
    /// </summary>
    private static void PatchThumbBranch(in RelocationContext context, bool mayExchange)
    {
        var upper = context.ReadUInt16();
        var lower = context.ReadUInt16(2);
        var toThumb = (context.S & 1) != 0;
        long offset;
        if (toThumb)
        {
            offset = context.PcRelative - 1;
            context.CheckSigned(offset, 25);
            context.CheckAlignment(offset, 2);
            if (mayExchange)
            {
                lower |= 0x1000; // BL
            }
        }
        else
        {
            if (!mayExchange)
            {
                throw context.Invalid("the target is ARM code and a Thumb B.W cannot change instruction set (the kernel refuses this interworking branch too)");
            }
            // BLX (immediate): the base is Align(PC, 4), so P's bit 1 drops out.
            offset = unchecked((long)context.Absolute - (long)(context.P & ~3UL));
            context.CheckSigned(offset, 25);
            context.CheckAlignment(offset, 4);
            lower &= 0xefff; // BLX
        }
        var sign = (uint)(offset >> 24) & 1;
        var j1 = sign ^ (~(uint)(offset >> 23) & 1);
        var j2 = sign ^ (~(uint)(offset >> 22) & 1);
        upper = (ushort)(((uint)upper & 0xf800) | (sign << 10) | ((uint)(offset >> 12) & 0x03ff));
        lower = (ushort)(((uint)lower & 0xd000) | (j1 << 13) | (j2 << 11) | ((uint)(offset >> 1) & 0x07ff));
        context.WriteUInt16(upper);
        context.WriteUInt16(lower, 2);
    }

    /// <summary>MOVW/MOVT (A1): imm4 in bits 19:16, imm12 in bits 11:0.</summary>
    private static void PatchArmMov(in RelocationContext context, uint imm16)
    {
        var insn = context.ReadUInt32() & 0xfff0_f000;
        context.WriteUInt32(insn | ((imm16 & 0xf000) << 4) | (imm16 & 0x0fff));
    }

    /// <summary>MOVW/MOVT (T3/T1): imm4 in bits 3:0 and i in bit 10 of the first halfword, imm3 in bits 14:12 and imm8 in 7:0 of the second.</summary>
    private static void PatchThumbMov(in RelocationContext context, uint imm16)
    {
        var upper = (uint)context.ReadUInt16() & 0xfbf0;
        var lower = (uint)context.ReadUInt16(2) & 0x8f00;
        context.WriteUInt16((ushort)(upper | ((imm16 & 0xf000) >> 12) | ((imm16 & 0x0800) >> 1)));
        context.WriteUInt16((ushort)(lower | ((imm16 & 0x0700) << 4) | (imm16 & 0x00ff)), 2);
    }

    private static long ArmBranchAddend(uint insn)
    {
        var offset = (insn & 0x00ff_ffff) << 2;
        if (insn >> 28 == 0xf)
        {
            offset |= (insn >> 24 & 1) << 1; // BLX (immediate): H
        }
        return SignExtend(offset, 26);
    }

    private static long ThumbBranchAddend(ushort upper, ushort lower)
    {
        uint sign = (uint)(upper >> 10) & 1, j1 = (uint)(lower >> 13) & 1, j2 = (uint)(lower >> 11) & 1;
        var offset = (sign << 24) | ((~(j1 ^ sign) & 1) << 23) | ((~(j2 ^ sign) & 1) << 22)
            | (((uint)upper & 0x03ff) << 12) | (((uint)lower & 0x07ff) << 1);
        return SignExtend(offset, 25);
    }

    private static uint ArmMovImmediate(uint insn) => ((insn >> 4) & 0xf000) | (insn & 0x0fff);

    private static uint ThumbMovImmediate(ushort upper, ushort lower) =>
        (((uint)upper & 0x000f) << 12) | (((uint)upper & 0x0400) << 1) | (((uint)lower & 0x7000) >> 4) | ((uint)lower & 0x00ff);

    private static long SignExtend(uint value, int bits) => (long)((ulong)value << (64 - bits)) >> (64 - bits);

    /// <summary>r_type values from AAELF32 (names as llvm-readelf prints them; they double as the diagnostic text).</summary>
    private enum RelocationType : uint
    {
        R_ARM_NONE = 0,
        R_ARM_PC24 = 1,
        R_ARM_ABS32 = 2,
        R_ARM_REL32 = 3,
        R_ARM_LDR_PC_G0 = 4,
        R_ARM_ABS16 = 5,
        R_ARM_ABS12 = 6,
        R_ARM_THM_ABS5 = 7,
        R_ARM_ABS8 = 8,
        R_ARM_SBREL32 = 9,
        R_ARM_THM_CALL = 10,
        R_ARM_THM_PC8 = 11,
        R_ARM_BREL_ADJ = 12,
        R_ARM_TLS_DESC = 13,
        R_ARM_THM_SWI8 = 14,
        R_ARM_XPC25 = 15,
        R_ARM_THM_XPC22 = 16,
        R_ARM_TLS_DTPMOD32 = 17,
        R_ARM_TLS_DTPOFF32 = 18,
        R_ARM_TLS_TPOFF32 = 19,
        R_ARM_COPY = 20,
        R_ARM_GLOB_DAT = 21,
        R_ARM_JUMP_SLOT = 22,
        R_ARM_RELATIVE = 23,
        R_ARM_GOTOFF32 = 24,
        R_ARM_BASE_PREL = 25,
        R_ARM_GOT_BREL = 26,
        R_ARM_PLT32 = 27,
        R_ARM_CALL = 28,
        R_ARM_JUMP24 = 29,
        R_ARM_THM_JUMP24 = 30,
        R_ARM_BASE_ABS = 31,
        R_ARM_ALU_PCREL_7_0 = 32,
        R_ARM_ALU_PCREL_15_8 = 33,
        R_ARM_ALU_PCREL_23_15 = 34,
        R_ARM_LDR_SBREL_11_0_NC = 35,
        R_ARM_ALU_SBREL_19_12_NC = 36,
        R_ARM_ALU_SBREL_27_20_CK = 37,
        R_ARM_TARGET1 = 38,
        R_ARM_SBREL31 = 39,
        R_ARM_V4BX = 40,
        R_ARM_TARGET2 = 41,
        R_ARM_PREL31 = 42,
        R_ARM_MOVW_ABS_NC = 43,
        R_ARM_MOVT_ABS = 44,
        R_ARM_MOVW_PREL_NC = 45,
        R_ARM_MOVT_PREL = 46,
        R_ARM_THM_MOVW_ABS_NC = 47,
        R_ARM_THM_MOVT_ABS = 48,
        R_ARM_THM_MOVW_PREL_NC = 49,
        R_ARM_THM_MOVT_PREL = 50,
        R_ARM_THM_JUMP19 = 51,
        R_ARM_THM_JUMP6 = 52,
        R_ARM_THM_ALU_PREL_11_0 = 53,
        R_ARM_THM_PC12 = 54,
        R_ARM_ABS32_NOI = 55,
        R_ARM_REL32_NOI = 56,
        R_ARM_ALU_PC_G0_NC = 57,
        R_ARM_ALU_PC_G0 = 58,
        R_ARM_ALU_PC_G1_NC = 59,
        R_ARM_ALU_PC_G1 = 60,
        R_ARM_ALU_PC_G2 = 61,
        R_ARM_LDR_PC_G1 = 62,
        R_ARM_LDR_PC_G2 = 63,
        R_ARM_TLS_GOTDESC = 90,
        R_ARM_TLS_CALL = 91,
        R_ARM_TLS_DESCSEQ = 92,
        R_ARM_THM_TLS_CALL = 93,
        R_ARM_PLT32_ABS = 94,
        R_ARM_GOT_ABS = 95,
        R_ARM_GOT_PREL = 96,
        R_ARM_GOT_BREL12 = 97,
        R_ARM_GOTOFF12 = 98,
        R_ARM_GOTRELAX = 99,
        R_ARM_GNU_VTENTRY = 100,
        R_ARM_GNU_VTINHERIT = 101,
        R_ARM_THM_JUMP11 = 102,
        R_ARM_THM_JUMP8 = 103,
        R_ARM_TLS_GD32 = 104,
        R_ARM_TLS_LDM32 = 105,
        R_ARM_TLS_LDO32 = 106,
        R_ARM_TLS_IE32 = 107,
        R_ARM_TLS_LE32 = 108,
        R_ARM_TLS_LDO12 = 109,
        R_ARM_TLS_LE12 = 110,
        R_ARM_TLS_IE12GP = 111,
        R_ARM_IRELATIVE = 160,
    }
}
