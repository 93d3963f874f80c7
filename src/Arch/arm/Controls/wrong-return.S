/*
 * what: returns one instruction past its return address
 * expect: unbalanced return-address
 * args: 8
 */
	.syntax	unified
	.arm
	.text
	.globl	tp_stub_func
	.type	tp_stub_func, %function
tp_stub_func:
	add	lr, lr, #4
	bx	lr
	.size	tp_stub_func, . - tp_stub_func
