/*
 * Hand-written tracepoint call site for riscv64 (LP64), the same walk as the
 * kernel's __traceiter_<name>, with the argument count chosen at run time:
 *
 *   void tp_asm_site(long nargs, const long argv[12])
 *   for (it = __tracepoint_tpsim.funcs; it && it->func; it++)
 *           it->func(it->data, argv[0], ..., argv[nargs - 1]);
 *
 * data goes in a0 and a1..a7 in a1..a7; a8.. go in 8-byte stack slots at
 * 0(sp) upward. The callee owns those slots and may overwrite them, so they
 * are stored again before every call. Built with -DTP_SITE_NO_RESTORE it
 * stores them only once, before the first call: the broken site that the
 * scribble-args control needs to show why the re-store matters.
 */

# argv[7..] -> the outgoing stack slots at 0(sp); clobbers t0-t3.
	.macro	store_stack_args
	li	t0, 0
.Lstore\@:
	bgeu	t0, s3, .Lstored\@
	slli	t1, t0, 3
	add	t2, s2, t1
	ld	t3, 56(t2)
	add	t2, sp, t1
	sd	t3, 0(t2)
	addi	t0, t0, 1
	j	.Lstore\@
.Lstored\@:
	.endm

	.text
	.globl	tp_asm_site
	.type	tp_asm_site, @function
tp_asm_site:
	addi	sp, sp, -48
	sd	ra, 40(sp)
	sd	s0, 32(sp)
	sd	s1, 24(sp)
	sd	s2, 16(sp)
	sd	s3, 8(sp)
	addi	s0, sp, 48
	mv	s2, a1				# argv
	addi	s3, a0, -7			# stack slots: max(0, nargs - 7)
	bgtz	s3, 1f
	li	s3, 0
1:	slli	t1, s3, 3			# keep sp 16-byte aligned
	addi	t1, t1, 15
	andi	t1, t1, -16
	sub	sp, sp, t1
.Lfuncs:
	auipc	s1, %pcrel_hi(__tracepoint_tpsim)
	addi	s1, s1, %pcrel_lo(.Lfuncs)
	ld	s1, 16(s1)			# tp->funcs
	beqz	s1, .Ldone
#ifdef TP_SITE_NO_RESTORE
	store_stack_args
#endif
.Lloop:
#ifndef TP_SITE_NO_RESTORE
	store_stack_args
#endif
	ld	a1, 0(s2)
	ld	a2, 8(s2)
	ld	a3, 16(s2)
	ld	a4, 24(s2)
	ld	a5, 32(s2)
	ld	a6, 40(s2)
	ld	a7, 48(s2)
	ld	t0, 0(s1)			# it->func
	ld	a0, 8(s1)			# it->data
	jalr	t0
	addi	s1, s1, 24			# sizeof(struct tracepoint_func)
	ld	t0, 0(s1)
	bnez	t0, .Lloop
.Ldone:
	addi	sp, s0, -48
	ld	s3, 8(sp)
	ld	s2, 16(sp)
	ld	s1, 24(sp)
	ld	s0, 32(sp)
	ld	ra, 40(sp)
	addi	sp, sp, 48
	ret
	.size	tp_asm_site, . - tp_asm_site
