/*
 * what: returns one instruction past its return address
 * expect: unbalanced return-address
 * args: 8
 */
	.text
	.globl	tp_stub_func
	.type	tp_stub_func, %function
tp_stub_func:
	add	x30, x30, #4
	ret
	.size	tp_stub_func, . - tp_stub_func
