/*
 * what: returns 4 bytes past its return address
 * expect: unbalanced return-address
 * args: 8
 */
	.section ".opd", "aw"
	.align	3
	.globl	tp_stub_func
	.type	tp_stub_func, @function
tp_stub_func:
	.quad	.L.tp_stub_func, .TOC.@tocbase, 0
	.size	tp_stub_func, 24

	.text
	.align	2
.L.tp_stub_func:
	mflr	11
	addi	11, 11, 4
	mtlr	11
	blr
