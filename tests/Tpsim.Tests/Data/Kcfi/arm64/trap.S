/*
 * A stub that traps on purpose with no kCFI check involved. With -DTP_HASH=<hash> the word in front of
 * it is that hash, so a kCFI call site checking for that type lets the call through to the brk.
 */
	.text
	.p2align 3
#ifdef TP_HASH
	.word	TP_HASH
#endif
	.globl	tp_stub_func
	.type	tp_stub_func, %function
tp_stub_func:
	brk	#0x1
	.size	tp_stub_func, . - tp_stub_func
