/*
 * Hand-written tracepoint call site for i386 (the kernel's -mregparm=3), the
 * same walk as the kernel's __traceiter_<name>, but with the argument count
 * chosen at run time:
 *
 *   void tp_asm_site(long nargs, const long argv[12])	nargs in eax, argv in edx
 *   for (it = __tracepoint_tpsim.funcs; it && it->func; it++)
 *           it->func(it->data, argv[0], ..., argv[nargs - 1]);
 *
 * On 32-bit, struct tracepoint's funcs is at offset 8 (name, key, funcs) and
 * struct tracepoint_func { void *func; void *data; int prio; } is 12 bytes.
 * data goes in eax and a1, a2 in edx, ecx; a3.. go in 4-byte stack slots at
 * (%esp) upward, and the caller pops them. The callee owns those slots and
 * may overwrite them, so they are stored again before every call. Built with
 * -DTP_SITE_NO_RESTORE it stores them only once, before the first call: the
 * broken site that the scribble-args control needs to show why the re-store
 * matters.
 */

/* argv[2..] -> the outgoing stack slots at (%esp); clobbers eax, ecx. */
	.macro	store_stack_args
	xorl	%ecx, %ecx
.Lstore\@:
	cmpl	%edi, %ecx
	jae	.Lstored\@
	movl	8(%esi,%ecx,4), %eax
	movl	%eax, (%esp,%ecx,4)
	incl	%ecx
	jmp	.Lstore\@
.Lstored\@:
	.endm

	.text
	.globl	tp_asm_site
	.type	tp_asm_site, @function
tp_asm_site:
	pushl	%ebp
	movl	%esp, %ebp
	pushl	%ebx
	pushl	%esi
	pushl	%edi
	movl	%edx, %esi			/* argv */
	movl	%eax, %edi			/* stack slots: max(0, nargs - 2) */
	subl	$2, %edi
	jg	1f
	xorl	%edi, %edi
1:	leal	(,%edi,4), %eax			/* 4-byte slots keep esp 4-byte aligned */
	subl	%eax, %esp
	movl	__tracepoint_tpsim+8, %ebx	/* tp->funcs */
	testl	%ebx, %ebx
	jz	.Ldone
#ifdef TP_SITE_NO_RESTORE
	store_stack_args
#endif
.Lloop:
#ifndef TP_SITE_NO_RESTORE
	store_stack_args
#endif
	movl	0(%esi), %edx			/* a1 */
	movl	4(%esi), %ecx			/* a2 */
	movl	4(%ebx), %eax			/* it->data */
	calll	*(%ebx)				/* it->func */
	addl	$12, %ebx			/* sizeof(struct tracepoint_func) */
	cmpl	$0, (%ebx)
	jne	.Lloop
.Ldone:
	leal	-12(%ebp), %esp
	popl	%edi
	popl	%esi
	popl	%ebx
	popl	%ebp
	retl
	.size	tp_asm_site, . - tp_asm_site
