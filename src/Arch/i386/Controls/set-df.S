/*
 * what: returns with the direction flag set (std)
 * expect: unbalanced flags
 * args: 8
 */
	.text
	.globl	tp_stub_func
	.type	tp_stub_func, @function
tp_stub_func:
	std
	retl
	.size	tp_stub_func, . - tp_stub_func
