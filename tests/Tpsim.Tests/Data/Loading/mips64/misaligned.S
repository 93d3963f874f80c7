// A jal to an address that is not a multiple of four cannot be encoded.
	.set	noreorder
	.text
	.globl	odd_jump
odd_jump:
	jal	helper_fn + 2
	nop
