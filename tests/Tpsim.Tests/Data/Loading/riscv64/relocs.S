// One function or data slot per relocation type; each result depends on the relocated field only.
// LLVM turns a conditional branch to another section into a branch over a JAL, so BRANCH and the
// RVC forms are requested with .reloc on a branch to itself; it writes `sym - .` as an ADD32/SUB32
// pair, so 32_PCREL is requested with .reloc too.
    .text
    .globl r_call_plt
r_call_plt:
    addi sp, sp, -16
    sd ra, 8(sp)
    call helper_fn
    ld ra, 8(sp)
    addi sp, sp, 16
    ret

    .globl r_call
r_call:
    addi sp, sp, -16
    sd ra, 8(sp)
    .option push
    .option norvc
    .reloc ., R_RISCV_CALL, helper_fn
    auipc ra, 0
    jalr ra, 0(ra)
    .option pop
    ld ra, 8(sp)
    addi sp, sp, 16
    ret

    .globl r_pcrel_hi20
r_pcrel_hi20:
1:  auipc a0, %pcrel_hi(helper_value+8)
    addi a0, a0, %pcrel_lo(1b)
    ret

    .globl r_pcrel_lo12_i
r_pcrel_lo12_i:
1:  auipc a0, %pcrel_hi(helper_value+16)
    ld a0, %pcrel_lo(1b)(a0)
    ret

    .globl r_pcrel_lo12_s
r_pcrel_lo12_s:
    li a0, 0x5a5
1:  auipc a1, %pcrel_hi(helper_scratch)
    sd a0, %pcrel_lo(1b)(a1)
    lla a1, helper_scratch
    ld a0, 0(a1)
    ret

    .globl r_hi20
r_hi20:
    lui a0, %hi(helper_value+8)
    addi a0, a0, %lo(helper_value+8)
    ret

    .globl r_lo12_i
r_lo12_i:
    lui a0, %hi(helper_value+16)
    ld a0, %lo(helper_value+16)(a0)
    ret

    .globl r_lo12_s
r_lo12_s:
    li a0, 0x6b6
    lui a1, %hi(helper_scratch)
    sd a0, %lo(helper_scratch)(a1)
    lla a1, helper_scratch
    ld a0, 0(a1)
    ret

    .globl r_jal
r_jal:
    j near_fn

    .globl r_branch
r_branch:
    li a0, 0
    .option push
    .option norvc
    .reloc ., R_RISCV_BRANCH, near_fn
    beq a0, zero, .
    .option pop
    li a0, 0
    ret

    .section .text.near, "ax"
    .globl near_fn
near_fn:
    li a0, 7
    ret

    .section .text.rvc, "ax"
    .globl r_rvc_branch
r_rvc_branch:
    li a0, 0
    .reloc ., R_RISCV_RVC_BRANCH, rvc_target
    c.beqz a0, .
    li a0, 0
    ret

    .globl r_rvc_jump
r_rvc_jump:
    .reloc ., R_RISCV_RVC_JUMP, rvc_target
    c.j .

    .section .text.rvc_near, "ax"
    .globl rvc_target
rvc_target:
    li a0, 9
    ret

    .data
    .balign 8
    .globl d_64
d_64:
    .quad helper_value + 8
    .globl d_32
d_32:
    .word helper_value + 16
    .globl d_32_pcrel
d_32_pcrel:
    .reloc ., R_RISCV_32_PCREL, helper_value
    .word 0
    .globl d_diff32
d_diff32:
    .word helper_value - .
    .globl d_add32
d_add32:
    .reloc ., R_RISCV_ADD32, host_small
    .word 0x100
    .globl d_set32
d_set32:
    .reloc ., R_RISCV_SET32, host_low
    .word 0
    .globl d_set16
d_set16:
    .reloc ., R_RISCV_SET16, host_small
    .half 0
    .globl d_set8
d_set8:
    .reloc ., R_RISCV_SET8, host_small
    .byte 0
    .globl d_set6
d_set6:
    .reloc ., R_RISCV_SET6, host_small
    .byte 0xc0
    .globl d_sub6
d_sub6:
    .reloc ., R_RISCV_SUB6, host_tiny
    .byte 0x7f
