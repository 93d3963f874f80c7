/*
 * what: callee-pop stub: adds 16 to sp before ret
 * expect: unbalanced stack-pointer
 * args: 8
 */
	.text
	.globl	tp_stub_func
	.type	tp_stub_func, %function
tp_stub_func:
	hint	#34			// bti c: the landing pad for the site's blr (a NOP without FEAT_BTI)
	add	sp, sp, #16
	ret
	.size	tp_stub_func, . - tp_stub_func
