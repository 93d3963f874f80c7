/*
 * Hand-written tracepoint call site for arm64 (AAPCS64), the same walk as the
 * kernel's __traceiter_<name>, with the argument count chosen at run time:
 *
 *   void tp_asm_site(long nargs, const long argv[12])
 *   for (it = __tracepoint_tpsim.funcs; it && it->func; it++)
 *           it->func(it->data, argv[0], ..., argv[nargs - 1]);
 *
 * data goes in x0 and a1..a7 in x1..x7; a8.. go in 8-byte stack slots at
 * [sp] upward. The callee owns those slots and may overwrite them, so they
 * are stored again before every call. Built with -DTP_SITE_NO_RESTORE it
 * stores them only once, before the first call: the broken site that the
 * scribble-args control needs to show why the re-store matters.
 */

// argv[7..] -> the outgoing stack slots at [sp]; clobbers x10-x12.
	.macro	store_stack_args
	mov	x10, #0
.Lstore\@:
	cmp	x10, x22
	b.hs	.Lstored\@
	add	x11, x21, #56
	ldr	x12, [x11, x10, lsl #3]
	str	x12, [sp, x10, lsl #3]
	add	x10, x10, #1
	b	.Lstore\@
.Lstored\@:
	.endm

	.text
	.globl	tp_asm_site
	.type	tp_asm_site, %function
tp_asm_site:
	/*
	 * bti c, as SYM_FUNC_START emits in a CONFIG_ARM64_BTI_KERNEL kernel: the
	 * site is called through a pointer, and under pac-bti a guarded page
	 * rejects an indirect call that does not land on a landing pad (a NOP
	 * without FEAT_BTI). The cross-check's oracle found it missing.
	 */
	hint	#34
	stp	x29, x30, [sp, #-48]!
	mov	x29, sp
	stp	x19, x20, [sp, #16]
	stp	x21, x22, [sp, #32]
	mov	x21, x1				// argv
	subs	x22, x0, #7			// stack slots: max(0, nargs - 7)
	csel	x22, x22, xzr, gt
	lsl	x9, x22, #3			// keep sp 16-byte aligned
	add	x9, x9, #15
	and	x9, x9, #~15
	sub	sp, sp, x9
	adrp	x19, __tracepoint_tpsim
	add	x19, x19, :lo12:__tracepoint_tpsim
	ldr	x19, [x19, #16]			// tp->funcs
	cbz	x19, .Ldone
#ifdef TP_SITE_NO_RESTORE
	store_stack_args
#endif
.Lloop:
#ifndef TP_SITE_NO_RESTORE
	store_stack_args
#endif
	ldp	x1, x2, [x21]
	ldp	x3, x4, [x21, #16]
	ldp	x5, x6, [x21, #32]
	ldr	x7, [x21, #48]
	ldp	x9, x0, [x19]			// it->func, it->data
	blr	x9
	add	x19, x19, #24			// sizeof(struct tracepoint_func)
	ldr	x9, [x19]
	cbnz	x9, .Lloop
.Ldone:
	mov	sp, x29
	ldp	x21, x22, [sp, #32]
	ldp	x19, x20, [sp, #16]
	ldp	x29, x30, [sp], #48
	ret
	.size	tp_asm_site, . - tp_asm_site
