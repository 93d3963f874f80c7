// One function or data slot per relocation type; each result depends on the relocated field only.
// i386 objects use SHT_REL: every addend below lives in the field itself, so the loader must read it
// (sign-extended) before patching; d_32_neg and d_16_neg fail if it is read unsigned.
    .text
    .globl r_32
r_32:
    movl $helper_value+8, %eax
    ret

    // A PC-relative displacement in code with a non-trivial implicit addend (16 + the field's distance from 1b).
    .globl r_pc32
r_pc32:
    call 1f
1:  popl %ecx
    leal helper_value+16-1b(%ecx), %eax
    ret

    .globl r_pc32_call
r_pc32_call:
    call helper_fn
    ret

    .globl r_plt32
r_plt32:
    call helper_fn@PLT
    ret

    .data
    .balign 4
    .globl d_32
d_32:
    .long helper_value + 24
    .globl d_32_neg
d_32_neg:
    .long helper_value - 16
    .globl d_pc32
d_pc32:
    .long helper_value - .
    .globl d_16
d_16:
    .short host_small
    .globl d_16_neg
d_16_neg:
    .short host_small - 0x10
    .globl d_pc16
d_pc16:
    .short near_data - .
    .globl d_8
d_8:
    .byte host_tiny
    .globl d_pc8
d_pc8:
    .byte near_data - .

    .section .data.near, "aw"
    .globl near_data
near_data:
    .long 0
