// With relaxation on, .p2align leaves 6 bytes of NOPs for a linker to trim; here the instruction after
// them lands at offset 10, off its 8-byte boundary, and only nop deletion could fix that.
    .option relax
    .text
    .globl misaligned
    addi a0, zero, 1
    addi a0, a0, 1
    .p2align 3
misaligned:
    ret
