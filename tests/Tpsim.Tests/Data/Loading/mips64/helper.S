// Loaded before the fixtures: the far end of every cross-object relocation.
	.set	noreorder
	.text
	.globl	helper_fn
	.type	helper_fn, @function
helper_fn:
	jr	$ra
	li	$v0, 42

	.data
	.space	0x900
	.balign	16
	.globl	helper_value
	.type	helper_value, @object
helper_value:
	.quad	0x1122334455667788
	.quad	0x99aabbccddeeff00
	.quad	0x0123456789abcdef
	.quad	0xfedcba9876543210
	.globl	helper_scratch
	.type	helper_scratch, @object
helper_scratch:
	.quad	0
