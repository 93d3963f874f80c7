// An absolute address at 4 GiB: no 32-bit register or word can hold it.
    .syntax unified
    .text
    .globl overflow_32
    .type overflow_32, %function
overflow_32:
    movw r0, #:lower16:host_far
    movt r0, #:upper16:host_far
    bx lr
