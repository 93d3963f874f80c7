/*
 * what: writes 8 bytes at sp+0x200, above any incoming-argument area, into the caller's frame
 * expect: unbalanced caller-frame
 * args: 8
 */
	.text
	.globl	tp_stub_func
	.type	tp_stub_func, %function
tp_stub_func:
	hint	#34			// bti c: the landing pad for the site's blr (a NOP without FEAT_BTI)
	mov	x9, #0x5a5a
	str	x9, [sp, #0x200]
	ret
	.size	tp_stub_func, . - tp_stub_func
