/*
 * what: returns 2 bytes past its return address
 * expect: unbalanced return-address
 * args: 8
 */
	.text
	.globl	tp_stub_func
	.type	tp_stub_func, @function
tp_stub_func:
	la	%r14, 2(%r14)
	br	%r14
	.size	tp_stub_func, . - tp_stub_func
