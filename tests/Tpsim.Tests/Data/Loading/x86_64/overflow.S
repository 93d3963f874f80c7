// An absolute address above 2 GiB in a sign-extended 32-bit immediate: -mcmodel=kernel cannot reach it.
    .text
    .globl overflow_32s
overflow_32s:
    movq $host_far, %rax
    ret
