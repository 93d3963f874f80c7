// Loaded before the fixtures: the far end of every cross-object relocation.
    .text
    .globl helper_fn
    .type helper_fn, @function
helper_fn:
    movl $42, %eax
    ret

    .data
    // The same layout as on the other ISAs: helper_value well inside its page.
    .space 0x900
    .balign 16
    .globl helper_value
    .type helper_value, @object
helper_value:
    .quad 0x1122334455667788
    .quad 0x99aabbccddeeff00
    .quad 0x0123456789abcdef
    .quad 0xfedcba9876543210
    .globl helper_scratch
    .type helper_scratch, @object
helper_scratch:
    .long 0
