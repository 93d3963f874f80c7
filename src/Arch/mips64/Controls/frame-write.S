/*
 * what: writes 8 bytes at sp+0x200, above any stack argument, into the caller's frame
 * expect: unbalanced caller-frame
 * args: 8
 */
	.set	noreorder
	.text
	.globl	tp_stub_func
	.type	tp_stub_func, @function
tp_stub_func:
	li	$12, 0x5a5a
	sd	$12, 0x200($sp)
	jr	$ra
	nop
	.size	tp_stub_func, . - tp_stub_func
