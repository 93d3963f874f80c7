// LARL to an odd address: a *DBL field counts halfwords, so S + A - P must be even. The assembler
// refuses an odd target itself, so the relocation is written with .reloc.
    .text
    .globl odd_larl
odd_larl:
    .reloc .+2, R_390_PC32DBL, helper_value+3
    larl %r2, .
    br %r14
