/*
 * what: overwrites its own first five incoming stack-argument slots, which the callee owns: balanced with a site that re-stores them before each call, unbalanced (argument) with one that does not
 * expect: balanced
 * args: 12
 */
	.syntax	unified
	.arm
	.text
	.globl	tp_stub_func
	.type	tp_stub_func, %function
tp_stub_func:
	movw	r12, #0xbad
	str	r12, [sp]
	str	r12, [sp, #4]
	str	r12, [sp, #8]
	str	r12, [sp, #12]
	str	r12, [sp, #16]
	bx	lr
	.size	tp_stub_func, . - tp_stub_func
