/*
 * what: clobbers callee-saved d8 (low half of v8)
 * expect: unbalanced callee-saved
 * args: 8
 */
	.text
	.globl	tp_stub_func
	.type	tp_stub_func, %function
tp_stub_func:
	hint	#34			// bti c: the landing pad for the site's blr (a NOP without FEAT_BTI)
	fmov	d8, xzr
	ret
	.size	tp_stub_func, . - tp_stub_func
