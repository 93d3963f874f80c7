/*
 * what: overwrites its own five incoming stack-argument slots, which the callee owns: balanced with a site that re-stores them before each call, unbalanced (argument) with one that does not
 * expect: balanced
 * args: 12
 */
	.text
	.globl	tp_stub_func
	.type	tp_stub_func, %function
tp_stub_func:
	hint	#34			// bti c: the landing pad for the site's blr (a NOP without FEAT_BTI)
	mov	x9, #0xbad
	stp	x9, x9, [sp]
	stp	x9, x9, [sp, #16]
	str	x9, [sp, #32]
	ret
	.size	tp_stub_func, . - tp_stub_func
