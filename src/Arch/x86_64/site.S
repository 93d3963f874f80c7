/*
 * Hand-written tracepoint call site for x86_64 (SysV), the same walk as the
 * kernel's __traceiter_<name>, but with the argument count chosen at run time:
 *
 *   void tp_asm_site(long nargs, const long argv[12])
 *   for (it = __tracepoint_tpsim.funcs; it && it->func; it++)
 *           it->func(it->data, argv[0], ..., argv[nargs - 1]);
 *
 * data goes in rdi and a1..a5 in rsi..r9; a6.. go in 8-byte stack slots at
 * (%rsp) upward. The callee owns those slots and may overwrite them, so they
 * are stored again before every call. Built with -DTP_SITE_NO_RESTORE it
 * stores them only once, before the first call: the broken site that the
 * scribble-args control needs to show why the re-store matters.
 */

/* argv[5..] -> the outgoing stack slots at (%rsp); clobbers rax, rcx. */
	.macro	store_stack_args
	xorl	%ecx, %ecx
.Lstore\@:
	cmpq	%r14, %rcx
	jae	.Lstored\@
	movq	40(%r13,%rcx,8), %rax
	movq	%rax, (%rsp,%rcx,8)
	incq	%rcx
	jmp	.Lstore\@
.Lstored\@:
	.endm

	.text
	.globl	tp_asm_site
	.type	tp_asm_site, @function
tp_asm_site:
	pushq	%rbp
	movq	%rsp, %rbp
	pushq	%rbx
	pushq	%r12
	pushq	%r13
	pushq	%r14
	movq	%rsi, %r13			/* argv */
	movq	%rdi, %r14			/* stack slots: max(0, nargs - 5) */
	subq	$5, %r14
	jg	1f
	xorl	%r14d, %r14d
1:	leaq	15(,%r14,8), %rax		/* keep rsp 16-byte aligned at the call */
	andq	$-16, %rax
	subq	%rax, %rsp
	movq	__tracepoint_tpsim+16(%rip), %rbx	/* tp->funcs */
	testq	%rbx, %rbx
	jz	.Ldone
#ifdef TP_SITE_NO_RESTORE
	store_stack_args
#endif
.Lloop:
#ifndef TP_SITE_NO_RESTORE
	store_stack_args
#endif
	movq	0(%r13), %rsi
	movq	8(%r13), %rdx
	movq	16(%r13), %rcx
	movq	24(%r13), %r8
	movq	32(%r13), %r9
	movq	8(%rbx), %rdi			/* it->data */
	callq	*(%rbx)				/* it->func */
	addq	$24, %rbx			/* sizeof(struct tracepoint_func) */
	cmpq	$0, (%rbx)
	jne	.Lloop
.Ldone:
	leaq	-32(%rbp), %rsp
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%rbx
	popq	%rbp
	retq
	.size	tp_asm_site, . - tp_asm_site
