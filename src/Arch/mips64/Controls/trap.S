/*
 * what: executes break, the instruction the kernel's BUG() uses
 * expect: trap
 * args: 8
 */
	.set	noreorder
	.text
	.globl	tp_stub_func
	.type	tp_stub_func, @function
tp_stub_func:
	break
	jr	$ra
	nop
	.size	tp_stub_func, . - tp_stub_func
