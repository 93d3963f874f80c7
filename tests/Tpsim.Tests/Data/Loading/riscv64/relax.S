// Assembled with relaxation on: label differences become ADD/SUB pairs, calls carry RELAX, and
// .p2align leaves worst-case NOP padding behind an ALIGN for a linker that never runs.
    .option relax
    .text
    .globl r_relax
r_relax:
    addi sp, sp, -16
    sd ra, 8(sp)
la_start:
    call helper_fn
la_end:
    ld ra, 8(sp)
    addi sp, sp, 16
    ret

    .section .text.align, "ax"
    c.nop
    .p2align 3
    .globl r_aligned
r_aligned:
    li a0, 5
    ret

    .data
    .balign 8
    .globl d_add64
d_add64:
    .quad la_end - la_start
    .globl d_add32
d_add32:
    .word la_end - la_start
    .globl d_add16
d_add16:
    .half la_end - la_start
    .globl d_add8
d_add8:
    .byte la_end - la_start
