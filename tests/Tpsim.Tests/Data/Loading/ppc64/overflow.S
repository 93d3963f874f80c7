/* #hi of an address above 4 GiB does not fit the signed 32-bit range that R_PPC64_ADDR16_HI checks. */
	.text
	.globl	overflow_probe
overflow_probe:
	lis	3, host_far@h
	blr
