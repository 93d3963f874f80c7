/*
 * A brk whose immediate has kCFI's layout (0x8000 | w17 << 5 | x8) after a cmp and b.eq, but without
 * the ldur and movk pair of a real check: not a kCFI trap.
 */
	.text
	.globl	tp_stub_func
	.type	tp_stub_func, %function
tp_stub_func:
	mov	w16, #1
	mov	w17, #2
	cmp	w16, w17
	b.eq	1f
	brk	#0x8228
1:	ret
	.size	tp_stub_func, . - tp_stub_func
