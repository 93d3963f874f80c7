/*
 * Hand-written tracepoint call site for s390x, the same walk as the kernel's
 * __traceiter_<name>, but with the argument count chosen at run time:
 *
 *   void tp_asm_site(long nargs, const long argv[12])	nargs in r2, argv in r3
 *   for (it = __tracepoint_tpsim.funcs; it && it->func; it++)
 *           it->func(it->data, argv[0], ..., argv[nargs - 1]);
 *
 * data goes in r2 and a1..a4 in r3..r6 (r6 is an argument register the
 * callee must nevertheless preserve); a5.. go in 8-byte slots at 160(%r15)
 * upward, above the 160-byte register save area that this caller reserves
 * at 0(%r15) for its callee. The callee owns the save area and the slots and
 * may overwrite them, so the slots are stored again before every call. Built
 * with -DTP_SITE_NO_RESTORE it stores them only once, before the first call:
 * the broken site that the scribble-args control needs to show why the
 * re-store matters. The frame follows the kernel's -mpacked-stack
 * -mbackchain layout: r6-r15 saved at the top of the caller's save area
 * (72..151), the back chain in the top word (152) of the area it reserves.
 */

/* argv[4..] -> the outgoing stack slots at 160(%r15); clobbers r0, r1. */
	.macro	store_stack_args
	lghi	%r1, 0
.Lstore\@:
	clgr	%r1, %r11
	jhe	.Lstored\@
	lg	%r0, 32(%r1,%r10)
	stg	%r0, 160(%r1,%r15)
	aghi	%r1, 8
	j	.Lstore\@
.Lstored\@:
	.endm

	.text
	.globl	tp_asm_site
	.type	tp_asm_site, @function
tp_asm_site:
	stmg	%r6, %r15, 72(%r15)
	lgr	%r13, %r15			/* the entry sp */
	lgr	%r10, %r3			/* argv */
	lgr	%r11, %r2			/* stack slots: max(0, nargs - 4), in bytes */
	aghi	%r11, -4
	jh	1f
	lghi	%r11, 0
1:	sllg	%r11, %r11, 3
	lay	%r15, -160(%r15)		/* the callee's register save area */
	sgr	%r15, %r11			/* and the stack slots; sp stays 8-byte aligned */
	stg	%r13, 152(%r15)			/* back chain */
	larl	%r12, __tracepoint_tpsim
	lg	%r12, 16(%r12)			/* tp->funcs */
	ltgr	%r12, %r12
	jz	.Ldone
#ifdef TP_SITE_NO_RESTORE
	store_stack_args
#endif
.Lloop:
#ifndef TP_SITE_NO_RESTORE
	store_stack_args
#endif
	lmg	%r3, %r6, 0(%r10)		/* a1..a4 */
	lg	%r2, 8(%r12)			/* it->data */
	lg	%r1, 0(%r12)			/* it->func */
	basr	%r14, %r1
	aghi	%r12, 24			/* sizeof(struct tracepoint_func) */
	ltg	%r0, 0(%r12)
	jnz	.Lloop
.Ldone:
	lmg	%r6, %r15, 72(%r13)
	br	%r14
	.size	tp_asm_site, . - tp_asm_site
