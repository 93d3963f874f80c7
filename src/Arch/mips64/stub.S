/* void tp_stub_func(void) { return; } written by hand for mips64: jr $ra with a nop in its delay slot. */
	.set	noreorder
	.text
	.globl	tp_stub_func
	.type	tp_stub_func, @function
tp_stub_func:
	jr	$ra
	nop
	.size	tp_stub_func, . - tp_stub_func
