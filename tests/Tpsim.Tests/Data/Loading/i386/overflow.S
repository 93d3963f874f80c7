// An absolute address at 4 GiB: no 32-bit field can hold it.
    .text
    .globl overflow_32
overflow_32:
    movl $host_far, %eax
    ret
