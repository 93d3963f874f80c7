/*
 * what: clobbers callee-saved fs0
 * expect: unbalanced callee-saved
 * args: 8
 */
	.text
	.globl	tp_stub_func
	.type	tp_stub_func, @function
tp_stub_func:
	fmv.d.x	fs0, zero
	ret
	.size	tp_stub_func, . - tp_stub_func
