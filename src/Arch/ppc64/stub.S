/*
 * void tp_stub_func(void) { return; } written by hand for ppc64 ELFv1: the
 * symbol is a function descriptor in .opd, the code is one blr.
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
	blr
