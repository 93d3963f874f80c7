/*
 * what: clobbers callee-saved s0
 * expect: unbalanced callee-saved
 * args: 8
 */
	.set	noreorder
	.text
	.globl	tp_stub_func
	.type	tp_stub_func, @function
tp_stub_func:
	li	$s0, 0xdead
	jr	$ra
	nop
	.size	tp_stub_func, . - tp_stub_func
