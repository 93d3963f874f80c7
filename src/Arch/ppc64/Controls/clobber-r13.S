/*
 * what: changes r13, which the ABI reserves and the kernel keeps its PACA pointer in (local_paca)
 * expect: unbalanced callee-saved
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
	addi	13, 13, 8
	blr
