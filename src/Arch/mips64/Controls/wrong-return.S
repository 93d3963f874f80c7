/*
 * what: returns one instruction past its return address (ra + 4)
 * expect: unbalanced return-address
 * args: 8
 */
	.set	noreorder
	.text
	.globl	tp_stub_func
	.type	tp_stub_func, @function
tp_stub_func:
	daddiu	$ra, $ra, 4
	jr	$ra
	nop
	.size	tp_stub_func, . - tp_stub_func
