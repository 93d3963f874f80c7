/*
 * what: executes brk #0x1
 * expect: trap
 * args: 8
 */
	.text
	.globl	tp_stub_func
	.type	tp_stub_func, %function
tp_stub_func:
	hint	#34			// bti c: the landing pad for the site's blr (a NOP without FEAT_BTI)
	brk	#0x1
	.size	tp_stub_func, . - tp_stub_func
