// A JAL whose target lies 3 GiB away: beyond JAL's +-1 MiB.
    .text
    .globl overflow_jal
overflow_jal:
    j host_far
