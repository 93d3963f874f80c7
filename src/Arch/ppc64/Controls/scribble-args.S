/*
 * what: overwrites its first five incoming stack-argument slots (from 112(r1) in ELFv1, 96(r1) in ELFv2), which the callee owns: balanced with a site that re-stores them before each call, unbalanced (argument) with one that does not
 * expect: balanced
 * args: 12
 */
#if _CALL_ELF == 2 || defined(CONFIG_PPC64_ELF_ABI_V2)
	/* ELFv2 (kbuild passes the ABI to .S files as a Kconfig symbol): the function symbol is its code */
#define FIRST_STACK_ARG 96
	.text
	.align	2
	.globl	tp_stub_func
	.type	tp_stub_func, @function
tp_stub_func:
#else
#define FIRST_STACK_ARG 112
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
	std	0, FIRST_STACK_ARG+0(1)
	std	0, FIRST_STACK_ARG+8(1)
	std	0, FIRST_STACK_ARG+16(1)
	std	0, FIRST_STACK_ARG+24(1)
	std	0, FIRST_STACK_ARG+32(1)
	blr
