// One function per relocation type; each returns in r2 a value that depends on the relocated field
// only. Data fields are read back by the CPU itself (lg, llgf, llgh, llgc), whose big-endian loads
// check the byte order the loader wrote them in. Branch targets that must be near sit in their own
// sections, so the assembler leaves the relocation to the loader.
    .text
    .globl r_pc32dbl
r_pc32dbl:
    larl %r2, helper_value+16
    br %r14

    .globl r_pc32dbl_load
r_pc32dbl_load:
    lgrl %r2, helper_value+8
    br %r14

    // The kernel's -fPIE objects load an extern's address from its GOT entry (LLVM spells the pc-relative
    // GOTENT form @GOT); the loader makes the GOT.
    .globl r_gotent
r_gotent:
    lgrl %r2, helper_value@GOT
    br %r14

    .globl r_pc32dbl_jump
r_pc32dbl_jump:
    jg helper_fn

    .globl r_plt32dbl
r_plt32dbl:
    stmg %r14, %r15, 112(%r15)
    aghi %r15, -160
    brasl %r14, helper_fn@PLT
    aghi %r2, 1
    lmg %r14, %r15, 272(%r15)
    br %r14

    .globl r_pc16dbl
r_pc16dbl:
    j near_fn

    .globl r_plt16dbl
r_plt16dbl:
    j near_fn@PLT

    .globl r_12
r_12:
    la %r2, host_tiny
    br %r14

    .globl r_20
r_20:
    lay %r2, host_small
    br %r14

    // A negative long displacement: DH holds the sign.
    .globl r_20_neg
r_20_neg:
    lghi %r3, 0x4000
    lay %r2, host_small-0x3000(%r3)
    br %r14

    .globl r_64
r_64:
    larl %r1, d_64
    lg %r2, 0(%r1)
    br %r14

    .globl r_pc64
r_pc64:
    larl %r1, d_pc64
    lg %r2, 0(%r1)
    br %r14

    .globl r_plt64
r_plt64:
    larl %r1, d_plt64
    lg %r2, 0(%r1)
    br %r14

    .globl r_32
r_32:
    larl %r1, d_32
    llgf %r2, 0(%r1)
    br %r14

    .globl r_pc32
r_pc32:
    larl %r1, d_pc32
    llgf %r2, 0(%r1)
    br %r14

    .globl r_plt32
r_plt32:
    larl %r1, d_plt32
    llgf %r2, 0(%r1)
    br %r14

    .globl r_16
r_16:
    larl %r1, d_16
    llgh %r2, 0(%r1)
    br %r14

    .globl r_pc16
r_pc16:
    larl %r1, d_pc16
    llgh %r2, 0(%r1)
    br %r14

    .globl r_8
r_8:
    larl %r1, d_8
    llgc %r2, 0(%r1)
    br %r14

    .section .text.near, "ax", @progbits
    .globl near_fn
near_fn:
    lghi %r2, 7
    br %r14

    .data
    .balign 8
    .globl d_64
d_64:
    .quad helper_value+8
    .globl d_pc64
d_pc64:
    .quad helper_value - .
    .globl d_plt64
d_plt64:
    .reloc ., R_390_PLT64, helper_fn
    .quad 0
    .globl d_32
d_32:
    .long host_low
    .globl d_pc32
d_pc32:
    .long helper_value - .
    .globl d_plt32
d_plt32:
    .reloc ., R_390_PLT32, helper_fn
    .long 0
    .globl d_16
d_16:
    .short host_small
    .globl d_pc16
d_pc16:
    .short near_data - .
    .globl d_8
d_8:
    .byte host_tiny

    .section .data.near, "aw", @progbits
    .globl near_data
near_data:
    .quad 0
