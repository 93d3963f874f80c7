/*
 * what: clobbers callee-saved r4
 * expect: unbalanced callee-saved
 * args: 8
 */
	.syntax	unified
	.arm
	.text
	.globl	tp_stub_func
	.type	tp_stub_func, %function
tp_stub_func:
	movw	r4, #0xdead
	bx	lr
	.size	tp_stub_func, . - tp_stub_func
