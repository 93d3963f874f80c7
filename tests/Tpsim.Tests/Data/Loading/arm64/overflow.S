// A BL whose target lies 3 GiB away: beyond CALL26's +-128 MiB, and no veneer exists.
    .text
    .globl overflow_call26
overflow_call26:
    bl host_far
    ret
