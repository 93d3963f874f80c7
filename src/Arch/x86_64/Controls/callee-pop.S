/*
 * what: callee-pop stub (stdcall shape): returns with ret $16, leaving rsp 16 bytes high
 * expect: unbalanced stack-pointer
 * args: 8
 */
	.text
	.globl	tp_stub_func
	.type	tp_stub_func, @function
tp_stub_func:
	retq	$16
	.size	tp_stub_func, . - tp_stub_func
