/*
 * what: stores into the CR save and LR save words and the whole 64-byte parameter save area of its caller's frame (8..23, and 48..111 in ELFv1 or 32..95 in ELFv2), which the ABI gives the callee
 * expect: balanced
 * args: 8
 */
#if _CALL_ELF == 2 || defined(CONFIG_PPC64_ELF_ABI_V2)
	/* ELFv2 (kbuild passes the ABI to .S files as a Kconfig symbol): the function symbol is its code */
#define PSA 32
	.text
	.align	2
	.globl	tp_stub_func
	.type	tp_stub_func, @function
tp_stub_func:
#else
#define PSA 48
	.section ".opd", "aw"
	.align	3
	.globl	tp_stub_func
	.type	tp_stub_func, @function
tp_stub_func:
	.quad	.L.tp_stub_func, .TOC.@tocbase, 0
	.size	tp_stub_func, 24

	.text
	.align	2
#endif
.L.tp_stub_func:
	li	0, 0x5a5
	std	0, 8(1)
	std	0, 16(1)
	std	0, PSA+0(1)
	std	0, PSA+8(1)
	std	0, PSA+16(1)
	std	0, PSA+24(1)
	std	0, PSA+32(1)
	std	0, PSA+40(1)
	std	0, PSA+48(1)
	std	0, PSA+56(1)
	blr
