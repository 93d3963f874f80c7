// One function or data slot per relocation type; each result depends on the relocated field only.
    .text
    .globl r_64
r_64:
    movabsq $helper_value+8, %rax
    ret

    .globl r_pc32
r_pc32:
    leaq helper_value+16(%rip), %rax
    ret

    .globl r_plt32
r_plt32:
    call helper_fn
    ret

    .globl r_32
r_32:
    movl $host_low, %eax
    ret

    .globl r_32s
r_32s:
    movq $helper_value+24, %rax
    ret

    .data
    .balign 8
    .globl d_pc64
d_pc64:
    .quad helper_value - .
    .globl d_16
d_16:
    .short host_small
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
    .quad 0
