/*
 * One probe per relocation type the ppc64 relocator implements. Each probe is an
 * ELFv1 function (a descriptor in .opd, so R_PPC64_ADDR64 and R_PPC64_TOC too)
 * that returns in r3 the value its relocated instructions compute; d_* labels
 * are data the test reads back big-endian.
 */
	.macro	func name
	.section ".opd", "aw"
	.align	3
	.globl	\name
	.type	\name, @function
\name:
	.quad	.L.\name, .TOC.@tocbase, 0
	.text
.L.\name:
	.endm

	.section ".toc", "aw"
d_toc:
	.quad	0x0123456789abcdef

	func	r_addr16
	li	3, host_small			/* R_PPC64_ADDR16 */
	blr

	func	r_addr16_hi
	lis	3, host_low@h			/* R_PPC64_ADDR16_HI */
	ori	3, 3, host_low@l		/* R_PPC64_ADDR16_LO */
	blr

	func	r_addr16_ha
	lis	3, host_ha@ha			/* R_PPC64_ADDR16_HA: the low half is negative */
	addi	3, 3, host_ha@l
	blr

	func	r_high
	lis	3, host_wide@highest		/* R_PPC64_ADDR16_HIGHEST */
	ori	3, 3, host_wide@higher		/* R_PPC64_ADDR16_HIGHER */
	sldi	3, 3, 32
	oris	3, 3, host_wide@high		/* R_PPC64_ADDR16_HIGH */
	ori	3, 3, host_wide@l
	blr

	func	r_higha
	lis	3, host_wide@highesta		/* R_PPC64_ADDR16_HIGHESTA */
	addi	3, 3, host_wide@highera		/* R_PPC64_ADDR16_HIGHERA */
	sldi	3, 3, 32
	addis	3, 3, host_wide@higha		/* R_PPC64_ADDR16_HIGHA */
	addi	3, 3, host_wide@l
	blr

	func	r_addr16_ds
	lis	4, d_table@ha
	addi	4, 4, d_table@l
	ld	3, host_ds(4)			/* R_PPC64_ADDR16_DS: d_table[2] */
	blr

	func	r_addr16_lo_ds
	lis	4, helper_value@ha
	ld	3, helper_value@l(4)		/* R_PPC64_ADDR16_LO_DS */
	blr

	func	r_rel24
	mflr	0
	std	0, 16(1)
	stdu	1, -112(1)
	bl	near_fn				/* R_PPC64_REL24 to code in another section */
	nop
	addi	1, 1, 112
	ld	0, 16(1)
	mtlr	0
	blr

	func	r_rel24_opd
	mflr	0
	std	0, 16(1)
	stdu	1, -112(1)
	bl	local_fn			/* R_PPC64_REL24 against .opd: through the descriptor */
	nop
	addi	1, 1, 112
	ld	0, 16(1)
	mtlr	0
	blr

	func	r_rel24_leaf
	mflr	0
	std	0, 16(1)
	stdu	1, -112(1)
	bl	helper_leaf			/* R_PPC64_REL24 to another object's TOC-free function */
	nop
	addi	1, 1, 112
	ld	0, 16(1)
	mtlr	0
	blr

	func	r_rel14
	li	3, 0
	cmpdi	3, 0
	beq	near_fn2			/* R_PPC64_REL14: taken, a tail branch */
	li	3, 1
	blr

	func	r_rel16
	mflr	0
	bcl	20, 31, 1f
1:	mflr	12
	mtlr	0
	addis	3, 12, (near_data - 1b)@ha	/* R_PPC64_REL16_HA */
	addi	3, 3, (near_data - 1b)@l	/* R_PPC64_REL16_LO */
	blr

	func	r_rel16_hi
	mflr	0
	bcl	20, 31, 1f
1:	mflr	12
	mtlr	0
	lis	3, (near_data - 1b)@h		/* R_PPC64_REL16_HI */
	ori	3, 3, (near_data - 1b)@l
	add	3, 3, 12
	blr

	func	r_rel16_plain
	mflr	0
	bcl	20, 31, 1f
1:	mflr	12
	mtlr	0
	li	3, (near_fn - 1b)		/* R_PPC64_REL16 (clang-19 crashes on a 16-bit pc-relative data word) */
	add	3, 3, 12
	blr

	func	r_toc
	mr	3, 2				/* R_PPC64_TOC, in this descriptor */
	blr

	func	r_toc16
	addi	3, 2, d_toc@toc			/* R_PPC64_TOC16 */
	blr

	func	r_toc16_ds
	ld	3, d_toc@toc(2)			/* R_PPC64_TOC16_DS */
	blr

	func	r_toc16_ha
	addis	3, 2, near_data@toc@ha		/* R_PPC64_TOC16_HA */
	addi	3, 3, near_data@toc@l		/* R_PPC64_TOC16_LO */
	blr

	func	r_toc16_hi
	lis	3, near_data@toc@h		/* R_PPC64_TOC16_HI */
	ori	3, 3, near_data@toc@l
	add	3, 3, 2
	blr

	func	r_toc16_lo_ds
	addis	3, 2, d_table@toc@ha
	ld	3, d_table@toc@l(3)		/* R_PPC64_TOC16_LO_DS: d_table[0] */
	blr

	/* A function of this object that is not global: calls to it go against .opd + offset. */
	.section ".opd", "aw"
	.align	3
	.type	local_fn, @function
local_fn:
	.quad	.L.local_fn, .TOC.@tocbase, 0
	.text
.L.local_fn:
	li	3, 45
	blr

	.section .text.other, "ax"
	.align	2
near_fn:
	li	3, 42
	blr
near_fn2:
	li	3, 46
	blr

	.data
	.align	3
near_data:
	.quad	7
d_table:
	.quad	0x99aabbccddeeff00, 2, 0x0123456789abcdef
d_addr64:
	.quad	host_low + 8			/* R_PPC64_ADDR64 */
d_rel64:
	.quad	helper_value - .		/* R_PPC64_REL64 */
d_addr32:
	.long	host_low			/* R_PPC64_ADDR32 */
d_rel32:
	.long	helper_value - .		/* R_PPC64_REL32 */
