/*
 * what: callee-pop stub: MIPS has no popping return, so it adds 16 to sp in the delay slot of its jr $ra, leaving sp 16 bytes high
 * expect: unbalanced stack-pointer
 * args: 8
 */
	.set	noreorder
	.text
	.globl	tp_stub_func
	.type	tp_stub_func, @function
tp_stub_func:
	jr	$ra
	daddiu	$sp, $sp, 16
	.size	tp_stub_func, . - tp_stub_func
