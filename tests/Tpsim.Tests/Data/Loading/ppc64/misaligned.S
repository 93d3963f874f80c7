/* A DS-form displacement must be a multiple of 4: ld cannot encode host_odd. */
	.text
	.globl	misaligned_probe
misaligned_probe:
	ld	3, host_odd(4)
	blr
