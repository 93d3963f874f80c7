// A 16-bit relative branch whose target lies 4 GiB away: beyond PC16DBL's +-64 KiB.
    .text
    .globl overflow_pc16dbl
overflow_pc16dbl:
    j host_far
