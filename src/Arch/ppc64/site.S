/*
 * Hand-written tracepoint call site for ppc64 (ELFv1, big-endian), the same
 * walk as the kernel's __traceiter_<name>, but with the argument count chosen
 * at run time:
 *
 *   void tp_asm_site(long nargs, const long argv[12])	nargs in r3, argv in r4
 *   for (it = __tracepoint_tpsim.funcs; it && it->func; it++)
 *           it->func(it->data, argv[0], ..., argv[nargs - 1]);
 *
 * it->func is a function pointer, so the address of a function descriptor
 * {entry, TOC, environment}: the call loads the entry into CTR, the callee's
 * TOC into r2 and its environment into r11, saves this function's TOC at
 * 40(r1) first and reloads it from there after bctrl, as both compilers do.
 * data goes in r3 and a1..a7 in r4..r10; a8.. go in the parameter save area,
 * parameter n at 48+8n(r1), so from 112(r1) up. The frame header (48 bytes)
 * and the parameter save area (at least 64 bytes) are always allocated. The
 * callee owns the parameter save area and may overwrite it, so the stack
 * arguments are stored again before every call. Built with
 * -DTP_SITE_NO_RESTORE it stores them only once, before the first call: the
 * broken site that the scribble-args control needs to show why the re-store
 * matters.
 *
 * Frame (256 bytes): header 0..47, parameter save area 48..151 (13
 * parameters), r26..r31 saved at 208..255; LR saved at 16 of the caller's
 * frame (272(r1) after the stdu).
 */

/* argv[7..nargs-1] -> 112(r1) upward; r28 holds their byte count. Clobbers r0, r9, r10. */
	.macro	store_stack_args
	li	9, 0
.Lstore\@:
	cmpld	9, 28
	bge	.Lstored\@
	addi	10, 9, 56
	ldx	0, 30, 10
	addi	10, 9, 112
	stdx	0, 1, 10
	addi	9, 9, 8
	b	.Lstore\@
.Lstored\@:
	.endm

	.section ".toc", "aw"
.Ltracepoint:
	.quad	__tracepoint_tpsim

	.section ".opd", "aw"
	.align	3
	.globl	tp_asm_site
	.type	tp_asm_site, @function
tp_asm_site:
	.quad	.L.tp_asm_site, .TOC.@tocbase, 0
	.size	tp_asm_site, 24

	.text
	.align	2
.L.tp_asm_site:
	mflr	0
	std	0, 16(1)
	stdu	1, -256(1)
	std	26, 208(1)
	std	27, 216(1)
	std	28, 224(1)
	std	29, 232(1)
	std	30, 240(1)
	std	31, 248(1)
	mr	30, 4				/* argv */
	addic.	28, 3, -7			/* stack arguments: max(0, nargs - 7), in bytes */
	bgt	1f
	li	28, 0
1:	sldi	28, 28, 3
	addis	31, 2, .Ltracepoint@toc@ha
	ld	31, .Ltracepoint@toc@l(31)	/* &__tracepoint_tpsim */
	ld	31, 16(31)			/* tp->funcs */
	cmpdi	31, 0
	beq	.Ldone
	std	2, 40(1)			/* this function's TOC, reloaded after every call */
#ifdef TP_SITE_NO_RESTORE
	store_stack_args
#endif
.Lloop:
#ifndef TP_SITE_NO_RESTORE
	store_stack_args
#endif
	ld	4, 0(30)			/* a1..a7 */
	ld	5, 8(30)
	ld	6, 16(30)
	ld	7, 24(30)
	ld	8, 32(30)
	ld	9, 40(30)
	ld	10, 48(30)
	ld	3, 8(31)			/* it->data */
	ld	12, 0(31)			/* it->func: a descriptor */
	ld	0, 0(12)			/* its entry */
	mtctr	0
	ld	11, 16(12)			/* its environment */
	ld	2, 8(12)			/* its TOC */
	bctrl
	ld	2, 40(1)			/* this function's TOC again */
	addi	31, 31, 24			/* sizeof(struct tracepoint_func) */
	ld	0, 0(31)
	cmpdi	0, 0
	bne	.Lloop
.Ldone:
	ld	26, 208(1)
	ld	27, 216(1)
	ld	28, 224(1)
	ld	29, 232(1)
	ld	30, 240(1)
	ld	31, 248(1)
	addi	1, 1, 256
	ld	0, 16(1)
	mtlr	0
	blr
