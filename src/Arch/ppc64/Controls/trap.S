/*
 * what: executes trap (tw 31,0,0), the instruction BUG() uses
 * expect: trap
 * args: 8
 */
#if _CALL_ELF == 2 || defined(CONFIG_PPC64_ELF_ABI_V2)
	/* ELFv2 (kbuild passes the ABI to .S files as a Kconfig symbol): the function symbol is its code */
	.text
	.align	2
	.globl	tp_stub_func
	.type	tp_stub_func, @function
tp_stub_func:
#else
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
	trap
