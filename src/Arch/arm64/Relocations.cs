using Tpsim.Emulator.Loading;

namespace Tpsim.Arch.Arm64;

/// <summary>
/// AArch64 relocations (AAELF64, "Static AArch64 relocations") as arch/arm64/kernel/module.c applies
/// them to a module built with -mcmodel=small -fno-pic. Without veneers or PLTs a branch must reach.
/// </summary>
public sealed class Relocations : IRelocator
{
    public ushort Machine => 183;

    public string MachineName => "EM_AARCH64";

    public string TypeName(uint type) =>
        Enum.IsDefined((RelocationType)type) ? ((RelocationType)type).ToString() : $"type {type}";

    public void Apply(in RelocationContext context)
    {
        switch ((RelocationType)context.Type)
        {
            case RelocationType.R_AARCH64_NONE:
                return;
            case RelocationType.R_AARCH64_ABS64:
                context.WriteUInt64(context.Absolute);
                return;
            case RelocationType.R_AARCH64_ABS32:
                context.CheckSignedOrUnsigned((long)context.Absolute, 32);
                context.WriteUInt32((uint)context.Absolute);
                return;
            case RelocationType.R_AARCH64_ABS16:
                context.CheckSignedOrUnsigned((long)context.Absolute, 16);
                context.WriteUInt16((ushort)context.Absolute);
                return;
            case RelocationType.R_AARCH64_PREL64:
                context.WriteUInt64((ulong)context.PcRelative);
                return;
            case RelocationType.R_AARCH64_PREL32:
                context.CheckSignedOrUnsigned(context.PcRelative, 32);
                context.WriteUInt32((uint)context.PcRelative);
                return;
            case RelocationType.R_AARCH64_PREL16:
                context.CheckSignedOrUnsigned(context.PcRelative, 16);
                context.WriteUInt16((ushort)context.PcRelative);
                return;
            case RelocationType.R_AARCH64_MOVW_UABS_G0:
                PatchMovw(context, group: 0, checkedBits: 16);
                return;
            case RelocationType.R_AARCH64_MOVW_UABS_G0_NC:
                PatchMovw(context, group: 0, checkedBits: 0);
                return;
            case RelocationType.R_AARCH64_MOVW_UABS_G1:
                PatchMovw(context, group: 1, checkedBits: 32);
                return;
            case RelocationType.R_AARCH64_MOVW_UABS_G1_NC:
                PatchMovw(context, group: 1, checkedBits: 0);
                return;
            case RelocationType.R_AARCH64_MOVW_UABS_G2:
                PatchMovw(context, group: 2, checkedBits: 48);
                return;
            case RelocationType.R_AARCH64_MOVW_UABS_G2_NC:
                PatchMovw(context, group: 2, checkedBits: 0);
                return;
            case RelocationType.R_AARCH64_MOVW_UABS_G3:
                PatchMovw(context, group: 3, checkedBits: 0);
                return;
            case RelocationType.R_AARCH64_LD_PREL_LO19:
            case RelocationType.R_AARCH64_CONDBR19:
                PatchBranch(context, immBits: 19, shift: 5);
                return;
            case RelocationType.R_AARCH64_TSTBR14:
                PatchBranch(context, immBits: 14, shift: 5);
                return;
            case RelocationType.R_AARCH64_JUMP26:
            case RelocationType.R_AARCH64_CALL26:
                PatchBranch(context, immBits: 26, shift: 0);
                return;
            case RelocationType.R_AARCH64_ADR_PREL_LO21:
                context.CheckSigned(context.PcRelative, 21);
                PatchAdr(context, context.PcRelative);
                return;
            case RelocationType.R_AARCH64_ADR_PREL_PG_HI21:
                context.CheckSigned(PageDelta(context), 33);
                PatchAdr(context, PageDelta(context) >> 12);
                return;
            case RelocationType.R_AARCH64_ADR_PREL_PG_HI21_NC:
                PatchAdr(context, PageDelta(context) >> 12);
                return;
            case RelocationType.R_AARCH64_ADD_ABS_LO12_NC:
            case RelocationType.R_AARCH64_LDST8_ABS_LO12_NC:
                PatchLo12(context, scale: 0);
                return;
            case RelocationType.R_AARCH64_LDST16_ABS_LO12_NC:
                PatchLo12(context, scale: 1);
                return;
            case RelocationType.R_AARCH64_LDST32_ABS_LO12_NC:
                PatchLo12(context, scale: 2);
                return;
            case RelocationType.R_AARCH64_LDST64_ABS_LO12_NC:
                PatchLo12(context, scale: 3);
                return;
            case RelocationType.R_AARCH64_LDST128_ABS_LO12_NC:
                PatchLo12(context, scale: 4);
                return;
            default:
                throw context.Unsupported();
        }
    }

    // Instruction field encoders (ARM ARM, "A64 instruction set encoding").

    private static void Patch(in RelocationContext context, uint mask, uint bits) =>
        context.WriteUInt32((context.ReadUInt32() & ~mask) | (bits & mask));

    /// <summary>MOVZ/MOVK imm16 (bits 20:5) takes 16 bits of S+A; the checked forms refuse an X wider than their group.</summary>
    private static void PatchMovw(in RelocationContext context, int group, int checkedBits)
    {
        if (checkedBits > 0)
        {
            context.CheckUnsigned(context.Absolute, checkedBits);
        }
        Patch(context, 0xffffu << 5, (uint)(context.Absolute >> (16 * group) & 0xffff) << 5);
    }

    /// <summary>B, BL, B.cond, CBZ, TBZ and LDR (literal): a word offset of immBits bits at bit shift.</summary>
    private static void PatchBranch(in RelocationContext context, int immBits, int shift)
    {
        var offset = context.PcRelative;
        context.CheckSigned(offset, immBits + 2);
        context.CheckAlignment(offset, 4);
        var mask = (1u << immBits) - 1;
        Patch(context, mask << shift, ((uint)(offset >> 2) & mask) << shift);
    }

    /// <summary>ADR/ADRP immediate: immlo in bits 30:29, immhi in bits 23:5.</summary>
    private static void PatchAdr(in RelocationContext context, long immediate) =>
        Patch(context, (3u << 29) | (0x7ffffu << 5), ((uint)(immediate & 3) << 29) | ((uint)(immediate >> 2 & 0x7ffff) << 5));

    /// <summary>ADD/LDR/STR imm12 (bits 21:10): the low 12 bits of S+A, scaled by the access size.</summary>
    private static void PatchLo12(in RelocationContext context, int scale)
    {
        var low = (long)(context.Absolute & 0xfff);
        context.CheckAlignment(low, 1 << scale);
        Patch(context, 0xfffu << 10, (uint)(low >> scale) << 10);
    }

    private static long PageDelta(in RelocationContext context) =>
        (long)(context.Absolute & ~0xfffUL) - (long)(context.P & ~0xfffUL);

    /// <summary>r_type values from AAELF64; the names double as the diagnostic text.</summary>
    private enum RelocationType : uint
    {
        R_AARCH64_NONE = 0,
        R_AARCH64_ABS64 = 257,
        R_AARCH64_ABS32 = 258,
        R_AARCH64_ABS16 = 259,
        R_AARCH64_PREL64 = 260,
        R_AARCH64_PREL32 = 261,
        R_AARCH64_PREL16 = 262,
        R_AARCH64_MOVW_UABS_G0 = 263,
        R_AARCH64_MOVW_UABS_G0_NC = 264,
        R_AARCH64_MOVW_UABS_G1 = 265,
        R_AARCH64_MOVW_UABS_G1_NC = 266,
        R_AARCH64_MOVW_UABS_G2 = 267,
        R_AARCH64_MOVW_UABS_G2_NC = 268,
        R_AARCH64_MOVW_UABS_G3 = 269,
        R_AARCH64_MOVW_SABS_G0 = 270,
        R_AARCH64_MOVW_SABS_G1 = 271,
        R_AARCH64_MOVW_SABS_G2 = 272,
        R_AARCH64_LD_PREL_LO19 = 273,
        R_AARCH64_ADR_PREL_LO21 = 274,
        R_AARCH64_ADR_PREL_PG_HI21 = 275,
        R_AARCH64_ADR_PREL_PG_HI21_NC = 276,
        R_AARCH64_ADD_ABS_LO12_NC = 277,
        R_AARCH64_LDST8_ABS_LO12_NC = 278,
        R_AARCH64_TSTBR14 = 279,
        R_AARCH64_CONDBR19 = 280,
        R_AARCH64_JUMP26 = 282,
        R_AARCH64_CALL26 = 283,
        R_AARCH64_LDST16_ABS_LO12_NC = 284,
        R_AARCH64_LDST32_ABS_LO12_NC = 285,
        R_AARCH64_LDST64_ABS_LO12_NC = 286,
        R_AARCH64_MOVW_PREL_G0 = 287,
        R_AARCH64_MOVW_PREL_G0_NC = 288,
        R_AARCH64_MOVW_PREL_G1 = 289,
        R_AARCH64_MOVW_PREL_G1_NC = 290,
        R_AARCH64_MOVW_PREL_G2 = 291,
        R_AARCH64_MOVW_PREL_G2_NC = 292,
        R_AARCH64_MOVW_PREL_G3 = 293,
        R_AARCH64_LDST128_ABS_LO12_NC = 299,
        R_AARCH64_ADR_GOT_PAGE = 311,
        R_AARCH64_LD64_GOT_LO12_NC = 312,
        R_AARCH64_TLSGD_ADR_PAGE21 = 513,
        R_AARCH64_TLSGD_ADD_LO12_NC = 514,
        R_AARCH64_TLSIE_ADR_GOTTPREL_PAGE21 = 541,
        R_AARCH64_TLSIE_LD64_GOTTPREL_LO12_NC = 542,
        R_AARCH64_TLSLE_ADD_TPREL_HI12 = 549,
        R_AARCH64_TLSLE_ADD_TPREL_LO12_NC = 551,
        R_AARCH64_TLSDESC_ADR_PAGE21 = 562,
        R_AARCH64_TLSDESC_LD64_LO12 = 563,
        R_AARCH64_TLSDESC_ADD_LO12 = 564,
        R_AARCH64_TLSDESC_CALL = 569,
    }
}
