/*
 * what: overwrites its first five incoming stack-argument slots at 112(r1), which the callee owns: balanced with a site that re-stores them before each call, unbalanced (argument) with one that does not
 * expect: balanced
 * args: 12
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
	li	0, 0xbad
	std	0, 112(1)
	std	0, 120(1)
	std	0, 128(1)
	std	0, 136(1)
	std	0, 144(1)
	blr
