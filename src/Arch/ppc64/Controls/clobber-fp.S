/*
 * what: writes f14, which the ABI preserves; the kernel runs with MSR[FP]=0 outside enable_kernel_fp(), so the write takes an FP-unavailable interrupt, which would oops a kernel
 * expect: trap
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
	fmr	14, 0
	blr
