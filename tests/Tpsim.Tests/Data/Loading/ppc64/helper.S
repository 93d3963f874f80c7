/*
 * The object every ppc64 relocation fixture links against: data, a function that
 * needs its own TOC (so only a call through its descriptor works), and one whose
 * descriptor's TOC doubleword is 0 (it uses no TOC, like tpsim's bridge slots), so
 * a direct bl from another object may reach it.
 */
	.data
	.align	3
	.globl	helper_value
helper_value:
	.quad	0x99aabbccddeeff00

	.section ".toc", "aw"
.Lforty_three:
	.quad	43

	.section ".opd", "aw"
	.align	3
	.globl	helper_fn
	.type	helper_fn, @function
helper_fn:
	.quad	.L.helper_fn, .TOC.@tocbase, 0
	.globl	helper_leaf
	.type	helper_leaf, @function
helper_leaf:
	.quad	.L.helper_leaf, 0, 0

	.text
	.align	2
.L.helper_fn:
	addis	3, 2, .Lforty_three@toc@ha	/* 43, read through this object's own TOC */
	ld	3, .Lforty_three@toc@l(3)
	blr
.L.helper_leaf:
	li	3, 44
	blr
