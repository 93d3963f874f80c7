/*
 * what: reads unmapped address 0x10
 * expect: fault
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
	ld	3, 0x10(0)
	blr
