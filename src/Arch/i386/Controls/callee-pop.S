/*
 * what: callee-pop stub (stdcall shape): returns with ret $8, leaving esp 8 bytes high
 * expect: unbalanced stack-pointer
 * args: 8
 */
	.text
	.globl	tp_stub_func
	.type	tp_stub_func, @function
tp_stub_func:
	retl	$8
	.size	tp_stub_func, . - tp_stub_func
