/*
 * what: clobbers tp, which holds the kernel's current task
 * expect: unbalanced callee-saved
 * args: 8
 */
	.text
	.globl	tp_stub_func
	.type	tp_stub_func, @function
tp_stub_func:
	li	tp, 0xdead
	ret
	.size	tp_stub_func, . - tp_stub_func
