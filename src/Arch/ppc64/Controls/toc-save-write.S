/*
 * what: overwrites the TOC save doubleword at 40(r1) of its caller's frame, from which the caller reloads r2 after the call
 * expect: unbalanced caller-frame
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
	li	0, 0xbad
	std	0, 40(1)
	blr
