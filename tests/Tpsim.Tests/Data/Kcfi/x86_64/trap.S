/*
 * A stub that traps on purpose with no kCFI check involved. With -DTP_HASH=<hash> the word in front of
 * it is that hash, so a kCFI call site checking for that type lets the call through to the ud2.
 */
	.text
	.p2align 4
#ifdef TP_HASH
	.long	TP_HASH
#endif
	.globl	tp_stub_func
	.type	tp_stub_func, @function
tp_stub_func:
	ud2
	.size	tp_stub_func, . - tp_stub_func
