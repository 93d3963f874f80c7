/*
 * Hand-written tracepoint call site for 32-bit Arm (AAPCS-linux), the same
 * walk as the kernel's __traceiter_<name>, with the argument count chosen at
 * run time:
 *
 *   void tp_asm_site(long nargs, const long argv[12])	nargs in r0, argv in r1
 *   for (it = __tracepoint_tpsim.funcs; it && it->func; it++)
 *           it->func(it->data, argv[0], ..., argv[nargs - 1]);
 *
 * On 32-bit, struct tracepoint's funcs is at offset 8 (name, key, funcs) and
 * struct tracepoint_func { void *func; void *data; int prio; } is 12 bytes.
 * data goes in r0 and a1..a3 in r1-r3; a4.. go in 4-byte stack slots at [sp]
 * upward, with sp 8-byte aligned at the call, and the caller pops them. The
 * callee owns those slots and may overwrite them, so they are stored again
 * before every call. Built with -DTP_SITE_NO_RESTORE it stores them only
 * once, before the first call: the broken site that the scribble-args
 * control needs to show why the re-store matters.
 *
 * ARM state. it->func is called with blx, which switches to Thumb state when
 * the pointer has bit 0 set, so a Thumb probe or stub is called as the kernel
 * would call it; the return through pop {..., pc} interworks as well.
 */
	.syntax	unified
	.arm

/* argv[3..] -> the outgoing stack slots at [sp]; clobbers r2, r3, r12. */
	.macro	store_stack_args
	mov	r2, #0
.Lstore\@:
	cmp	r2, r7
	bhs	.Lstored\@
	add	r12, r6, #12
	ldr	r3, [r12, r2, lsl #2]
	str	r3, [sp, r2, lsl #2]
	add	r2, r2, #1
	b	.Lstore\@
.Lstored\@:
	.endm

	.text
	.globl	tp_asm_site
	.type	tp_asm_site, %function
tp_asm_site:
	push	{r4, r5, r6, r7, r11, lr}	/* 24 bytes: sp stays 8-byte aligned */
	add	r11, sp, #16			/* frame record {r11, lr} */
	mov	r6, r1				/* argv */
	subs	r7, r0, #3			/* stack slots: max(0, nargs - 3) */
	movlt	r7, #0
	lsl	r0, r7, #2			/* keep sp 8-byte aligned */
	add	r0, r0, #7
	bic	r0, r0, #7
	sub	sp, sp, r0
	movw	r4, #:lower16:__tracepoint_tpsim
	movt	r4, #:upper16:__tracepoint_tpsim
	ldr	r4, [r4, #8]			/* tp->funcs */
	cmp	r4, #0
	beq	.Ldone
#ifdef TP_SITE_NO_RESTORE
	store_stack_args
#endif
.Lloop:
#ifndef TP_SITE_NO_RESTORE
	store_stack_args
#endif
	ldr	r1, [r6]			/* a1 */
	ldr	r2, [r6, #4]			/* a2 */
	ldr	r3, [r6, #8]			/* a3 */
	ldr	r0, [r4, #4]			/* it->data */
	ldr	r12, [r4]			/* it->func */
	blx	r12
	ldr	r0, [r4, #12]!			/* sizeof(struct tracepoint_func); the next func */
	cmp	r0, #0
	bne	.Lloop
.Ldone:
	sub	sp, r11, #16
	pop	{r4, r5, r6, r7, r11, pc}
	.size	tp_asm_site, . - tp_asm_site
