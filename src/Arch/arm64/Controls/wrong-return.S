/*
 * what: returns one instruction past its return address
 * expect: unbalanced return-address
 * args: 8
 */
	.text
	.globl	tp_stub_func
	.type	tp_stub_func, %function
tp_stub_func:
	hint	#34			// bti c: the landing pad for the site's blr (a NOP without FEAT_BTI)
	add	x30, x30, #4
	ret
	.size	tp_stub_func, . - tp_stub_func
