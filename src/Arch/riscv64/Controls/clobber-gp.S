/*
 * what: clobbers gp, which the kernel keeps for itself (the shadow call stack pointer under CONFIG_SHADOW_CALL_STACK)
 * expect: unbalanced callee-saved
 * args: 8
 */
	.text
	.globl	tp_stub_func
	.type	tp_stub_func, @function
tp_stub_func:
	li	gp, 0xdead
	ret
	.size	tp_stub_func, . - tp_stub_func
