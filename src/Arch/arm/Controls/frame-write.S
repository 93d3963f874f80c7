/*
 * what: writes 4 bytes at sp+0x200, above any incoming-argument area, into the caller's frame
 * expect: unbalanced caller-frame
 * args: 8
 */
	.syntax	unified
	.arm
	.text
	.globl	tp_stub_func
	.type	tp_stub_func, %function
tp_stub_func:
	movw	r12, #0x5a5a
	str	r12, [sp, #0x200]
	bx	lr
	.size	tp_stub_func, . - tp_stub_func
