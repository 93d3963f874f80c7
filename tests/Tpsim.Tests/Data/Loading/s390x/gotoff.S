// A GOT-relative field (S + A - GOT), which kernel code never carries: the loader refuses it by name.
    .data
    .globl d_gotoff
d_gotoff:
    .reloc ., R_390_GOTOFF64, helper_value
    .quad 0
