/*
 * what: callee-pop stub: adds 8 to sp before bx lr, as if it popped two stack-argument words
 * expect: unbalanced stack-pointer
 * args: 8
 */
	.syntax	unified
	.arm
	.text
	.globl	tp_stub_func
	.type	tp_stub_func, %function
tp_stub_func:
	add	sp, sp, #8
	bx	lr
	.size	tp_stub_func, . - tp_stub_func
