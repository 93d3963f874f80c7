/*
 * what: callee-pop stub: ppc64 has no popping return, so it adds 16 to r1 before blr, leaving r1 16 bytes high
 * expect: unbalanced stack-pointer
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
	addi	1, 1, 16
	blr
