/*
 * what: returns with r2 (the TOC pointer) clobbered: ELFv1 enters a callee through its descriptor with the callee's TOC in r2, and the caller reloads its own TOC from 40(r1) after the call, so this is balanced
 * expect: balanced
 * args: 8
 */
	.section ".opd", "aw"
	.align	3
	.globl	tp_stub_func
	.type	tp_stub_func, @function
tp_stub_func:
	.quad	.L.tp_stub_func, .TOC.@tocbase, 0
	.size	tp_stub_func, 24

	.text
	.align	2
.L.tp_stub_func:
	li	2, 0xbad
	blr
