/*
 * what: spins forever at its own entry; tpsim must stop on the instruction budget
 * expect: timeout
 * args: 8
 */
	.text
	.globl	tp_stub_func
	.type	tp_stub_func, %function
tp_stub_func:
	hint	#34			// bti c: the landing pad for the site's blr (a NOP without FEAT_BTI)
1:	b	1b
	.size	tp_stub_func, . - tp_stub_func
