/*
 * what: overwrites the TOC save doubleword (40(r1) in ELFv1, 24(r1) in ELFv2) of its caller's frame, from which the caller reloads r2 after the call
 * expect: unbalanced caller-frame
 * args: 8
 */
#if _CALL_ELF == 2 || defined(CONFIG_PPC64_ELF_ABI_V2)
	/* ELFv2 (kbuild passes the ABI to .S files as a Kconfig symbol): the function symbol is its code */
#define TOC_SAVE 24
	.text
	.align	2
	.globl	tp_stub_func
	.type	tp_stub_func, @function
tp_stub_func:
#else
#define TOC_SAVE 40
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
	li	0, 0xbad
	std	0, TOC_SAVE(1)
	blr
