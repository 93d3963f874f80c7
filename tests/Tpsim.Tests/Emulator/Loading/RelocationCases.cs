using Xunit;

namespace Tpsim.Tests.Emulator.Loading;

/// <summary>Every relocation type the four relocators claim, each with a fixture that really emits it.</summary>
public static class RelocationCases
{
    // helper_value's four quads (see Data/Loading/*/helper.S).
    private const ulong Q0 = 0x1122334455667788;
    private const ulong Q1 = 0x99aabbccddeeff00;
    private const ulong Q2 = 0x0123456789abcdef;
    private const ulong Q3 = 0xfedcba9876543210;

    public static readonly IReadOnlyList<RelocationCase> All =
    [
        // x86_64, hand-written
        X("R_X86_64_64", "relocs.S", "r_64", l => l.Hv + 8),
        X("R_X86_64_PC32", "relocs.S", "r_pc32", l => l.Hv + 16),
        X("R_X86_64_PLT32", "relocs.S", "r_plt32", _ => 42),
        X("R_X86_64_32", "relocs.S", "r_32", _ => LoadHarness.HostLow),
        X("R_X86_64_32S", "relocs.S", "r_32s", l => l.Hv + 24),
        X("R_X86_64_PC64", "relocs.S", "d_pc64", l => l.Hv - l.Fn("d_pc64"), width: 8),
        X("R_X86_64_16", "relocs.S", "d_16", _ => LoadHarness.HostSmall, width: 2),
        X("R_X86_64_PC16", "relocs.S", "d_pc16", l => (l.Fn("near_data") - l.Fn("d_pc16")) & 0xffff, width: 2),
        X("R_X86_64_8", "relocs.S", "d_8", _ => LoadHarness.HostTiny, width: 1),
        X("R_X86_64_PC8", "relocs.S", "d_pc8", l => (l.Fn("near_data") - l.Fn("d_pc8")) & 0xff, width: 1),
        // x86_64, as clang -O2 -mcmodel=kernel emits them
        X("R_X86_64_32S", "relocs.c", "c_address", l => l.Hv + 8),
        X("R_X86_64_PC32", "relocs.c", "c_load", _ => Q2),
        X("R_X86_64_PLT32", "relocs.c", "c_call", _ => 43),
        X("R_X86_64_64", "relocs.c", "c_table", l => l.Hv + 24, width: 8),

        // arm64, hand-written
        A("R_AARCH64_CALL26", "relocs.S", "r_call26", _ => 42),
        A("R_AARCH64_JUMP26", "relocs.S", "r_jump26", _ => 42),
        A("R_AARCH64_ADR_PREL_PG_HI21", "relocs.S", "r_adrp", l => (l.Hv + 24) & ~0xfffUL),
        A("R_AARCH64_ADR_PREL_PG_HI21_NC", "relocs.S", "r_adrp_nc", l => (l.Hv + 24) & ~0xfffUL),
        A("R_AARCH64_ADD_ABS_LO12_NC", "relocs.S", "r_add_lo12", l => l.Hv + 8),
        A("R_AARCH64_ADR_PREL_LO21", "relocs.S", "r_adr", l => l.Hv + 4),
        A("R_AARCH64_LDST8_ABS_LO12_NC", "relocs.S", "r_ldst8", _ => Q0 >> 8 & 0xff),
        A("R_AARCH64_LDST16_ABS_LO12_NC", "relocs.S", "r_ldst16", _ => Q0 >> 16 & 0xffff),
        A("R_AARCH64_LDST32_ABS_LO12_NC", "relocs.S", "r_ldst32", _ => Q0 >> 32),
        A("R_AARCH64_LDST64_ABS_LO12_NC", "relocs.S", "r_ldst64", _ => Q1),
        A("R_AARCH64_LDST128_ABS_LO12_NC", "relocs.S", "r_ldst128", _ => Q3),
        A("R_AARCH64_LD_PREL_LO19", "relocs.S", "r_ld_prel_lo19", _ => Q2),
        A("R_AARCH64_MOVW_UABS_G3", "relocs.S", "r_movw_nc", l => l.Hv + 8),
        A("R_AARCH64_MOVW_UABS_G2_NC", "relocs.S", "r_movw_nc", l => l.Hv + 8),
        A("R_AARCH64_MOVW_UABS_G1_NC", "relocs.S", "r_movw_nc", l => l.Hv + 8),
        A("R_AARCH64_MOVW_UABS_G0_NC", "relocs.S", "r_movw_nc", l => l.Hv + 8),
        A("R_AARCH64_MOVW_UABS_G2", "relocs.S", "r_movw_g2", l => l.Hv + 16),
        A("R_AARCH64_MOVW_UABS_G1", "relocs.S", "r_movw_g1", l => l.Hv + 24),
        A("R_AARCH64_MOVW_UABS_G0", "relocs.S", "r_movw_g0", _ => LoadHarness.HostSmall),
        A("R_AARCH64_CONDBR19", "relocs.S", "r_condbr19", _ => 7),
        A("R_AARCH64_TSTBR14", "relocs.S", "r_tstbr14", _ => 7),
        A("R_AARCH64_ABS64", "relocs.S", "d_abs64", l => l.Hv + 8, width: 8),
        A("R_AARCH64_PREL64", "relocs.S", "d_prel64", l => l.Hv - l.Fn("d_prel64"), width: 8),
        A("R_AARCH64_ABS32", "relocs.S", "d_abs32", l => l.Hv + 16, width: 4),
        A("R_AARCH64_PREL32", "relocs.S", "d_prel32", l => (l.Hv - l.Fn("d_prel32")) & 0xffff_ffff, width: 4),
        A("R_AARCH64_ABS16", "relocs.S", "d_abs16", _ => LoadHarness.HostSmall, width: 2),
        A("R_AARCH64_PREL16", "relocs.S", "d_prel16", l => (l.Fn("near_data") - l.Fn("d_prel16")) & 0xffff, width: 2),
        // arm64, as clang -O2 -mcmodel=small emits them
        A("R_AARCH64_ADR_PREL_PG_HI21", "relocs.c", "c_address", l => l.Hv + 8),
        A("R_AARCH64_ADD_ABS_LO12_NC", "relocs.c", "c_address", l => l.Hv + 8),
        A("R_AARCH64_LDST64_ABS_LO12_NC", "relocs.c", "c_load", _ => Q2),
        A("R_AARCH64_CALL26", "relocs.c", "c_call", _ => 43),
        A("R_AARCH64_JUMP26", "relocs.c", "c_tail", _ => 42),
        A("R_AARCH64_ABS64", "relocs.c", "c_table", l => l.Hv + 24, width: 8),

        // riscv64, hand-written
        R("R_RISCV_CALL_PLT", "relocs.S", "r_call_plt", _ => 42),
        R("R_RISCV_CALL", "relocs.S", "r_call", _ => 42),
        R("R_RISCV_PCREL_HI20", "relocs.S", "r_pcrel_hi20", l => l.Hv + 8),
        R("R_RISCV_PCREL_LO12_I", "relocs.S", "r_pcrel_lo12_i", _ => Q2),
        R("R_RISCV_PCREL_LO12_S", "relocs.S", "r_pcrel_lo12_s", _ => 0x5a5),
        R("R_RISCV_HI20", "relocs.S", "r_hi20", l => l.Hv + 8),
        R("R_RISCV_LO12_I", "relocs.S", "r_lo12_i", _ => Q2),
        R("R_RISCV_LO12_S", "relocs.S", "r_lo12_s", _ => 0x6b6),
        R("R_RISCV_JAL", "relocs.S", "r_jal", _ => 7),
        R("R_RISCV_BRANCH", "relocs.S", "r_branch", _ => 7),
        R("R_RISCV_RVC_BRANCH", "relocs.S", "r_rvc_branch", _ => 9),
        R("R_RISCV_RVC_JUMP", "relocs.S", "r_rvc_jump", _ => 9),
        R("R_RISCV_64", "relocs.S", "d_64", l => l.Hv + 8, width: 8),
        R("R_RISCV_32", "relocs.S", "d_32", l => l.Hv + 16, width: 4),
        R("R_RISCV_32_PCREL", "relocs.S", "d_32_pcrel", l => (l.Hv - l.Fn("d_32_pcrel")) & 0xffff_ffff, width: 4),
        R("R_RISCV_SUB32", "relocs.S", "d_diff32", l => (l.Hv - l.Fn("d_diff32")) & 0xffff_ffff, width: 4),
        R("R_RISCV_ADD32", "relocs.S", "d_add32", _ => 0x100 + LoadHarness.HostSmall, width: 4),
        R("R_RISCV_SET32", "relocs.S", "d_set32", _ => LoadHarness.HostLow, width: 4),
        R("R_RISCV_SET16", "relocs.S", "d_set16", _ => LoadHarness.HostSmall, width: 2),
        R("R_RISCV_SET8", "relocs.S", "d_set8", _ => LoadHarness.HostSmall & 0xff, width: 1),
        R("R_RISCV_SET6", "relocs.S", "d_set6", _ => 0xc0 | (LoadHarness.HostSmall & 0x3f), width: 1),
        R("R_RISCV_SUB6", "relocs.S", "d_sub6", _ => 0x40 | ((0x7f - LoadHarness.HostTiny) & 0x3f), width: 1),
        // riscv64, assembled with relaxation on
        R("R_RISCV_RELAX", "relax.S", "r_relax", _ => 42),
        R("R_RISCV_ALIGN", "relax.S", "r_aligned", _ => 5),
        R("R_RISCV_ADD64", "relax.S", "d_add64", _ => 8, width: 8),
        R("R_RISCV_SUB64", "relax.S", "d_add64", _ => 8, width: 8),
        R("R_RISCV_ADD32", "relax.S", "d_add32", _ => 8, width: 4),
        R("R_RISCV_SUB32", "relax.S", "d_add32", _ => 8, width: 4),
        R("R_RISCV_ADD16", "relax.S", "d_add16", _ => 8, width: 2),
        R("R_RISCV_SUB16", "relax.S", "d_add16", _ => 8, width: 2),
        R("R_RISCV_ADD8", "relax.S", "d_add8", _ => 8, width: 1),
        R("R_RISCV_SUB8", "relax.S", "d_add8", _ => 8, width: 1),
        // riscv64, as clang -O2 -mcmodel=medany -mno-relax emits them
        R("R_RISCV_PCREL_HI20", "relocs.c", "c_address", l => l.Hv + 8),
        R("R_RISCV_PCREL_LO12_I", "relocs.c", "c_load", _ => Q2),
        R("R_RISCV_CALL_PLT", "relocs.c", "c_call", _ => 43),
        R("R_RISCV_CALL_PLT", "relocs.c", "c_tail", _ => 42),
        R("R_RISCV_64", "relocs.c", "c_table", l => l.Hv + 24, width: 8),

        // i386, hand-written; SHT_REL, so every expected value also checks the implicit addend
        I("R_386_32", "relocs.S", "r_32", l => l.Hv + 8),
        I("R_386_PC32", "relocs.S", "r_pc32", l => l.Hv + 16),
        I("R_386_PC32", "relocs.S", "r_pc32_call", _ => 42),
        I("R_386_PLT32", "relocs.S", "r_plt32", _ => 42),
        I("R_386_32", "relocs.S", "d_32", l => l.Hv + 24, width: 4),
        I("R_386_32", "relocs.S", "d_32_neg", l => l.Hv - 16, width: 4),
        I("R_386_PC32", "relocs.S", "d_pc32", l => (l.Hv - l.Fn("d_pc32")) & 0xffff_ffff, width: 4),
        I("R_386_16", "relocs.S", "d_16", _ => LoadHarness.HostSmall, width: 2),
        I("R_386_16", "relocs.S", "d_16_neg", _ => LoadHarness.HostSmall - 0x10, width: 2),
        I("R_386_PC16", "relocs.S", "d_pc16", l => (l.Fn("near_data") - l.Fn("d_pc16")) & 0xffff, width: 2),
        I("R_386_8", "relocs.S", "d_8", _ => LoadHarness.HostTiny, width: 1),
        I("R_386_PC8", "relocs.S", "d_pc8", l => (l.Fn("near_data") - l.Fn("d_pc8")) & 0xff, width: 1),
        // i386, as clang -O2 -mregparm=3 -fno-pic emits them (calls are PC32, not PLT32, from C)
        I("R_386_32", "relocs.c", "c_address", l => l.Hv + 8),
        I("R_386_32", "relocs.c", "c_load", _ => Q2 & 0xffff_ffff),
        I("R_386_PC32", "relocs.c", "c_call", _ => 43),
        I("R_386_32", "relocs.c", "c_table", l => l.Hv + 24, width: 4),
        I("R_386_32", "relocs.c", "c_jump", _ => 42 ^ 0x55),

        // arm, hand-written in ARM state; SHT_REL, so every expected value also checks the implicit addend
        Arm("R_ARM_CALL", "relocs.S", "r_call", _ => 42),
        Arm("R_ARM_CALL", "relocs.S", "r_call_thumb", _ => 42),
        Arm("R_ARM_CALL", "relocs.S", "r_blx_arm", _ => 42),
        Arm("R_ARM_JUMP24", "relocs.S", "r_jump24", _ => 42),
        Arm("R_ARM_JUMP24", "relocs.S", "r_jump24_cond", _ => 42),
        Arm("R_ARM_PC24", "relocs.S", "r_pc24", _ => 42),
        Arm("R_ARM_MOVW_ABS_NC", "relocs.S", "r_movw", l => l.Hv + 8),
        Arm("R_ARM_MOVT_ABS", "relocs.S", "r_movw", l => l.Hv + 8),
        Arm("R_ARM_MOVW_PREL_NC", "relocs.S", "r_movw_prel", l => l.Hv + 16),
        Arm("R_ARM_MOVT_PREL", "relocs.S", "r_movw_prel", l => l.Hv + 16),
        Arm("R_ARM_ABS32", "relocs.S", "r_literal", l => l.Hv + 24),
        Arm("R_ARM_V4BX", "relocs.S", "r_v4bx", _ => 7),
        Arm("R_ARM_ABS32", "relocs.S", "d_abs32", l => l.Hv + 8, width: 4),
        Arm("R_ARM_ABS32", "relocs.S", "d_abs32_neg", l => l.Hv - 16, width: 4),
        Arm("R_ARM_ABS32", "relocs.S", "d_abs32_thumb", l => l.Helper.Symbol("helper_thumb"), width: 4),
        Arm("R_ARM_REL32", "relocs.S", "d_rel32", l => (l.Hv - l.Fn("d_rel32")) & 0xffff_ffff, width: 4),
        Arm("R_ARM_TARGET1", "relocs.S", "d_target1", l => l.Hv + 24, width: 4),
        Arm("R_ARM_PREL31", "relocs.S", "d_prel31", l => 0x8000_0000 | ((l.Hv + 16 - l.Fn("d_prel31")) & 0x7fff_ffff), width: 4),
        // arm, hand-written in Thumb-2 (every probe is a Thumb function: the call starts in Thumb state)
        Arm("R_ARM_THM_CALL", "thumb.S", "t_call", _ => 42),
        Arm("R_ARM_THM_CALL", "thumb.S", "t_call_arm", _ => 42),
        Arm("R_ARM_THM_CALL", "thumb.S", "t_blx_thumb", _ => 42),
        Arm("R_ARM_THM_JUMP24", "thumb.S", "t_jump24", _ => 42),
        Arm("R_ARM_THM_MOVW_ABS_NC", "thumb.S", "t_movw", l => l.Hv + 8),
        Arm("R_ARM_THM_MOVT_ABS", "thumb.S", "t_movw", l => l.Hv + 8),
        Arm("R_ARM_THM_MOVW_PREL_NC", "thumb.S", "t_movw_prel", l => l.Hv + 16),
        Arm("R_ARM_THM_MOVT_PREL", "thumb.S", "t_movw_prel", l => l.Hv + 16),
        // arm, as clang -O2 -marm -fno-pic emits them (long is 4 bytes: helper_value[4] is Q2's low word)
        Arm("R_ARM_MOVW_ABS_NC", "relocs.c", "c_address", l => l.Hv + 8),
        Arm("R_ARM_MOVT_ABS", "relocs.c", "c_load", _ => Q2 & 0xffff_ffff),
        Arm("R_ARM_CALL", "relocs.c", "c_call", _ => 43),
        Arm("R_ARM_JUMP24", "relocs.c", "c_tail", _ => 42),
        Arm("R_ARM_ABS32", "relocs.c", "c_table", l => l.Hv + 24, width: 4),
        Arm("R_ARM_PREL31", "relocs.c", "c_load", _ => Q2 & 0xffff_ffff),
        // arm, the same C as Thumb-2 functions (__attribute__((target("thumb"))))
        Arm("R_ARM_THM_MOVW_ABS_NC", "thumb.c", "t_c_address", l => l.Hv + 8),
        Arm("R_ARM_THM_MOVT_ABS", "thumb.c", "t_c_address", l => l.Hv + 8),
        Arm("R_ARM_THM_CALL", "thumb.c", "t_c_call", _ => 43),
        Arm("R_ARM_THM_CALL", "thumb.c", "t_c_call_arm", _ => 44),
        Arm("R_ARM_THM_JUMP24", "thumb.c", "t_c_tail", _ => 42),
        Arm("R_ARM_PREL31", "thumb.c", "t_c_call", _ => 43),
    ];

    public static TheoryData<string> Ids => RelocatorProbe.Ids(All);

    public static RelocationCase ById(string id) => All.Single(c => c.Id == id);

    private static RelocationCase X(string type, string fixture, string probe, Func<Loaded, ulong> expected, int width = 0) =>
        new("x86_64", type, fixture, probe, width, expected);

    private static RelocationCase A(string type, string fixture, string probe, Func<Loaded, ulong> expected, int width = 0) =>
        new("arm64", type, fixture, probe, width, expected);

    private static RelocationCase I(string type, string fixture, string probe, Func<Loaded, ulong> expected, int width = 0) =>
        new("i386", type, fixture, probe, width, expected);

    private static RelocationCase Arm(string type, string fixture, string probe, Func<Loaded, ulong> expected, int width = 0) =>
        new("arm", type, fixture, probe, width, expected);

    private static RelocationCase R(string type, string fixture, string probe, Func<Loaded, ulong> expected, int width = 0) =>
        new("riscv64", type, fixture, probe, width, expected);
}
