// host_far is at 4 GiB: outside the 256 MB region of any jal here.
	.set	noreorder
	.text
	.globl	far_jump
far_jump:
	jal	host_far
	nop
