// Loaded before the fixtures: the far end of every cross-object relocation, in both instruction sets.
    .syntax unified
    .text
    .arm
    .globl helper_fn
    .type helper_fn, %function
helper_fn:
    mov r0, #42
    bx lr
    .size helper_fn, . - helper_fn

    // A Thumb function: its symbol carries the Thumb bit, so calls to it must switch state.
    .thumb
    .globl helper_thumb
    .type helper_thumb, %function
    .thumb_func
helper_thumb:
    movs r0, #42
    bx lr
    .size helper_thumb, . - helper_thumb

    .data
    // The same layout as on the other ISAs: helper_value well inside its page.
    .space 0x900
    .balign 16
    .globl helper_value
    .type helper_value, %object
helper_value:
    .quad 0x1122334455667788
    .quad 0x99aabbccddeeff00
    .quad 0x0123456789abcdef
    .quad 0xfedcba9876543210
    .globl helper_scratch
    .type helper_scratch, %object
helper_scratch:
    .long 0
