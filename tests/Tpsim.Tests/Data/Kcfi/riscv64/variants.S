/*
 * kCFI checks in the forms clang-19 emits for hashes whose halves take other instruction shapes, and for
 * targets in the check's usual scratch registers (checked with llc-19 -O2 -mattr=+c on IR calls carrying
 * a "kcfi" operand bundle, and clang-19 on C register variables). The assembler compresses what clang's
 * does (c.lui, c.addi, c.addiw, c.ebreak). The move of the target into place is ours. Each function takes
 * the call target in a0; the hash each checks for is in its comment.
 */
	.text

/* 0x00000005: HI20 = 0, and clang-19 emits "addi t2, t2, 5" (compressed) with no lui. */
	.globl	tp_variant_hi0_small
tp_variant_hi0_small:
	lw	t1, -4(a0)
	addi	t2, t2, 5
	beq	t1, t2, 1f
	ebreak
1:	jr	a0

/* 0xfffff800: HI20 = 0, a full-size addi. */
	.globl	tp_variant_hi0_large
tp_variant_hi0_large:
	lw	t1, -4(a0)
	addi	t2, t2, -2048
	beq	t1, t2, 1f
	ebreak
1:	jr	a0

/* 0x12345000: LO12 = 0, lui alone. */
	.globl	tp_variant_lui_only
tp_variant_lui_only:
	lw	t1, -4(a0)
	lui	t2, 0x12345
	beq	t1, t2, 1f
	ebreak
1:	jr	a0

/* 0x12345010: a small LO12 becomes c.addiw. */
	.globl	tp_variant_lui_caddiw
tp_variant_lui_caddiw:
	lw	t1, -4(a0)
	lui	t2, 0x12345
	addiw	t2, t2, 16
	beq	t1, t2, 1f
	ebreak
1:	jr	a0

/* 0x00010000: a small HI20 becomes c.lui. */
	.globl	tp_variant_clui_only
tp_variant_clui_only:
	lw	t1, -4(a0)
	lui	t2, 0x10
	beq	t1, t2, 1f
	ebreak
1:	jr	a0

/* 0x7ffff800: HI20 rounds up to 0x80000 and addiw wraps back to 32 bits. */
	.globl	tp_variant_lui_wrap
tp_variant_lui_wrap:
	lw	t1, -4(a0)
	lui	t2, 0x80000
	addiw	t2, t2, -2048
	beq	t1, t2, 1f
	ebreak
1:	jr	a0

/* 0x11255552, target in t1: the word is loaded into t3. */
	.globl	tp_variant_t1
tp_variant_t1:
	mv	t1, a0
	lw	t3, -4(t1)
	lui	t2, 0x11255
	addiw	t2, t2, 0x552
	beq	t3, t2, 1f
	ebreak
1:	jr	t1

/* 0x11255552, target in t2: the hash is built in t3. */
	.globl	tp_variant_t2
tp_variant_t2:
	mv	t2, a0
	lw	t1, -4(t2)
	lui	t3, 0x11255
	addiw	t3, t3, 0x552
	beq	t1, t3, 1f
	ebreak
1:	jr	t2
