/*
 * what: returns one byte past its return address
 * expect: unbalanced return-address
 * args: 8
 */
	.text
	.globl	tp_stub_func
	.type	tp_stub_func, @function
tp_stub_func:
	addl	$1, (%esp)
	retl
	.size	tp_stub_func, . - tp_stub_func
