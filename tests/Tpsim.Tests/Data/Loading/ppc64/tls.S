/* A thread-pointer-relative access: kernel code has no TLS, and the relocator refuses it by name. */
	.text
	.globl	tls_probe
tls_probe:
	addis	3, 13, helper_value@tprel@ha
	blr
