/*
 * what: reads unmapped address 0x10
 * expect: fault
 * args: 8
 */
	.set	noreorder
	.text
	.globl	tp_stub_func
	.type	tp_stub_func, @function
tp_stub_func:
	ld	$v0, 16($zero)
	jr	$ra
	nop
	.size	tp_stub_func, . - tp_stub_func
