/*
 * what: executes ud2
 * expect: trap
 * args: 8
 */
	.text
	.globl	tp_stub_func
	.type	tp_stub_func, @function
tp_stub_func:
	ud2
	.size	tp_stub_func, . - tp_stub_func
