// One function or data slot per relocation type; each result depends on the relocated field only.
    .text
    .globl r_call26
r_call26:
    stp x29, x30, [sp, #-16]!
    bl helper_fn
    ldp x29, x30, [sp], #16
    ret

    .globl r_jump26
r_jump26:
    b helper_fn

    .globl r_adrp
r_adrp:
    adrp x0, helper_value+24
    ret

    .globl r_adrp_nc
r_adrp_nc:
    adrp x0, :pg_hi21_nc:helper_value+24
    ret

    .globl r_add_lo12
r_add_lo12:
    adrp x0, helper_value+8
    add x0, x0, :lo12:helper_value+8
    ret

    .globl r_adr
r_adr:
    adr x0, helper_value+4
    ret

    .globl r_ldst8
r_ldst8:
    adrp x0, helper_value
    ldrb w0, [x0, :lo12:helper_value+1]
    ret

    .globl r_ldst16
r_ldst16:
    adrp x0, helper_value
    ldrh w0, [x0, :lo12:helper_value+2]
    ret

    .globl r_ldst32
r_ldst32:
    adrp x0, helper_value
    ldr w0, [x0, :lo12:helper_value+4]
    ret

    .globl r_ldst64
r_ldst64:
    adrp x0, helper_value
    ldr x0, [x0, :lo12:helper_value+8]
    ret

    .globl r_ldst128
r_ldst128:
    adrp x0, helper_value
    ldr q0, [x0, :lo12:helper_value+16]
    mov x0, v0.d[1]
    ret

    .globl r_ld_prel_lo19
r_ld_prel_lo19:
    ldr x0, helper_value+16
    ret

    .globl r_movw_nc
r_movw_nc:
    movz x0, #:abs_g3:helper_value+8
    movk x0, #:abs_g2_nc:helper_value+8
    movk x0, #:abs_g1_nc:helper_value+8
    movk x0, #:abs_g0_nc:helper_value+8
    ret

    .globl r_movw_g2
r_movw_g2:
    movz x0, #:abs_g2:helper_value+16
    movk x0, #:abs_g1_nc:helper_value+16
    movk x0, #:abs_g0_nc:helper_value+16
    ret

    .globl r_movw_g1
r_movw_g1:
    movz x0, #:abs_g1:helper_value+24
    movk x0, #:abs_g0_nc:helper_value+24
    ret

    .globl r_movw_g0
r_movw_g0:
    movz x0, #:abs_g0:host_small
    ret

    .globl r_condbr19
r_condbr19:
    cmp x0, x0
    b.eq near_fn
    mov x0, #0
    ret

    .globl r_tstbr14
r_tstbr14:
    mov x0, #2
    tbz x0, #0, near_fn
    mov x0, #0
    ret

    .section .text.near, "ax"
    .globl near_fn
near_fn:
    mov x0, #7
    ret

    .data
    .balign 8
    .globl d_abs64
d_abs64:
    .quad helper_value + 8
    .globl d_prel64
d_prel64:
    .quad helper_value - .
    .globl d_abs32
d_abs32:
    .word helper_value + 16
    .globl d_prel32
d_prel32:
    .word helper_value - .
    .globl d_abs16
d_abs16:
    .hword host_small
    .globl d_prel16
d_prel16:
    .hword near_data - .

    .section .data.near, "aw"
    .globl near_data
near_data:
    .quad 0
