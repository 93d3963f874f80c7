/*
 * Native x86_64 harness for tpsim's cross-check: a freestanding static
 * program (no libc) that runs one stub case on the host CPU.
 *
 * The case (argument count, site, array entries, seeds) arrives on standard
 * input as tpsim's case descriptor (KernelSim/CrossCheck/CaseDescriptor.cs:
 * words at the D_* indexes below), so one linked program serves every case of
 * its objects. This file fills struct tracepoint_func entries with per-entry
 * shims, seeds the callee-saved registers, calls the site, and exits with
 * exit_group:
 *
 *   status 0                  balanced
 *   status 1                  the descriptor was short or had no magic word
 *   status kind * 8 + call    unbalanced: the first violating call decides
 *   128 + signal              the program crashed (trap / fault)
 *
 * and writes one byte, the call's index, to standard output per call that
 * passed its checks, then the report harness.h describes: the registers of a
 * failed callee-saved check, or the siginfo and ucontext of a trap or fault
 * (rip at offset 168 of the ucontext: uc_mcontext.gregs at 40, REG_RIP 16).
 *
 * Each shim, at the callee's entry, records SP, the return address, rbx rbp
 * r12-r15 and SNAP bytes above the callee's incoming-argument area, points
 * the return address at its own landing, and jumps to the real callee. The
 * landing is a sled of eight one-byte "pushq %rsp": each slot it writes holds
 * its own address + 8, so counting such slots from the final SP gives both the
 * SP at the return and how far into the sled the callee returned (a return
 * one byte past the return address lands one push later).
 */
#define W		8	/* word size */
#include "harness.h"	/* descriptor indexes, exit kinds, record size */
#define DESC(i)		harness_desc+(i)*W(%rip)

#define STATE_SIZE	0x400
#define SNAP		512

#define ST_CALLEE	0
#define ST_DATA		8
#define ST_PROBE	16
#define ST_SP		24
#define ST_RET		32
#define ST_RBX		40
#define ST_RBP		48
#define ST_R12		56
#define ST_R13		64
#define ST_R14		72
#define ST_R15		80
#define ST_INDEX	88
#define ST_BASE		96
#define ST_END		104
#define NSAVED		6	/* rbx rbp r12-r15: ST_RBX on, in Abi.CalleeSaved order */
#define ST_NOW		112	/* the same registers at a failed return */
#define ST_SNAP		(ST_NOW + NSAVED * W)	/* indexed by the offset from the entry SP */

#define SYS_write	1
#define SYS_rt_sigaction 13
#define SYS_sigaltstack	131
#define SYS_exit_group	231
#define SA_SIGINFO	4
#define SA_RESTORER	0x04000000
#define SA_ONSTACK	0x08000000

	.text
	.globl	_start
	.type	_start, @function
_start:
	leaq	harness_stack_top-1024(%rip), %rsp	/* leave untouched stack above every snapshot */
	andq	$-16, %rsp

	/* SIGILL, SIGTRAP, SIGBUS and SIGSEGV to on_signal, on its own stack: a callee may leave SP anywhere. */
	leaq	sig_stack_t(%rip), %rdi			/* stack_t { ss_sp, ss_flags, ss_size } */
	leaq	harness_sigstack(%rip), %rax
	movq	%rax, (%rdi)
	movq	$SIGSTACK_SIZE, 16(%rdi)
	xorl	%esi, %esi
	movl	$SYS_sigaltstack, %eax
	syscall
	leaq	on_signal(%rip), %rax			/* { handler, flags, restorer, mask } */
	movq	%rax, sig_action(%rip)
	movq	$(SA_SIGINFO | SA_ONSTACK | SA_RESTORER), sig_action+8(%rip)
	leaq	on_signal_return(%rip), %rax		/* x86_64 delivers no signal without a restorer */
	movq	%rax, sig_action+16(%rip)
	.irp	sig, 4,5,7,11
	movl	$\sig, %edi
	leaq	sig_action(%rip), %rsi
	xorl	%edx, %edx
	movl	$8, %r10d				/* sizeof(sigset_t) */
	movl	$SYS_rt_sigaction, %eax
	syscall
	.endr

	/* The descriptor: read(0, ...) until it is whole; a pipe may hand it over in pieces. */
	xorl	%ebx, %ebx
0:	xorl	%edi, %edi
	leaq	harness_desc(%rip), %rsi
	addq	%rbx, %rsi
	movl	$(D_WORDS * W), %edx
	subq	%rbx, %rdx
	jz	1f
	xorl	%eax, %eax				/* read */
	syscall
	testq	%rax, %rax
	jle	bad_desc
	addq	%rax, %rbx
	jmp	0b
1:	cmpq	$DESC_MAGIC, DESC(D_MAGIC)
	jne	bad_desc
	movq	DESC(D_NENTRIES), %rax
	testq	%rax, %rax
	jz	bad_desc
	cmpq	$NSHIMS, %rax
	ja	bad_desc
	cmpq	$32, DESC(D_NFRAME)
	ja	bad_desc

	/* funcs[i] = { shim i, data i, 10 }; state i = { callee, data, is-probe, index } */
	xorl	%ecx, %ecx
	leaq	tp_funcs(%rip), %rdi
	leaq	shim_state(%rip), %rsi
	leaq	DESC(D_ENTRIES), %rdx
	leaq	shim_table(%rip), %r8
1:	cmpq	DESC(D_NENTRIES), %rcx
	jae	2f
	movq	(%rdx), %rax
	movq	%rax, ST_CALLEE(%rsi)
	movq	8(%rdx), %rax
	movq	%rax, ST_DATA(%rsi)
	movq	%rax, 8(%rdi)
	movq	16(%rdx), %rax
	movq	%rax, ST_PROBE(%rsi)
	movq	%rcx, ST_INDEX(%rsi)
	movq	(%r8,%rcx,8), %rax
	movq	%rax, (%rdi)
	movq	(%rdx), %r9				/* the callee's kCFI hash slot, onto the shim's */
	movl	-4(%r9), %r9d
	movl	%r9d, -4(%rax)
	movl	$10, 16(%rdi)
	addq	$24, %rdi
	addq	$STATE_SIZE, %rsi
	addq	$24, %rdx
	incq	%rcx
	jmp	1b
2:	movq	$0, (%rdi)				/* NULL terminator */
	leaq	tp_funcs(%rip), %rax
	movq	%rax, __tracepoint_tpsim+16(%rip)	/* tp->funcs */

	/* The outgoing stack image, 16-byte aligned at the call. */
	movq	DESC(D_NFRAME), %rcx
	leaq	0(,%rcx,8), %rax
	subq	%rax, %rsp
	andq	$-16, %rsp
	leaq	DESC(D_FRAME), %rax
3:	testq	%rcx, %rcx
	jz	5f
	decq	%rcx
	movq	(%rax,%rcx,8), %rdx
	movq	%rdx, (%rsp,%rcx,8)
	jmp	3b
5:	movq	%rsp, site_sp(%rip)

	movq	DESC(D_SEEDS+0), %rbx
	movq	DESC(D_SEEDS+1), %rbp
	movq	DESC(D_SEEDS+2), %r12
	movq	DESC(D_SEEDS+3), %r13
	movq	DESC(D_SEEDS+4), %r14
	movq	DESC(D_SEEDS+5), %r15
	movq	DESC(D_REGS+0), %rdi
	movq	DESC(D_REGS+1), %rsi
	movq	DESC(D_REGS+2), %rdx
	movq	DESC(D_REGS+3), %rcx
	movq	DESC(D_REGS+4), %r8
	movq	DESC(D_REGS+5), %r9
	callq	*DESC(D_SITE)

	/* The site's own balance: a check the shims cannot make. */
	movl	$(K_SITE * 8), %edi
	movq	site_sp(%rip), %rax
	addq	DESC(D_SITEPOP), %rax			/* a -mrtd site pops its own stack arguments */
	cmpq	%rax, %rsp
	jne	do_exit
	cmpq	DESC(D_SEEDS+0), %rbx
	jne	do_exit
	cmpq	DESC(D_SEEDS+1), %rbp
	jne	do_exit
	cmpq	DESC(D_SEEDS+2), %r12
	jne	do_exit
	cmpq	DESC(D_SEEDS+3), %r13
	jne	do_exit
	cmpq	DESC(D_SEEDS+4), %r14
	jne	do_exit
	cmpq	DESC(D_SEEDS+5), %r15
	jne	do_exit
	movl	$(K_MISSING * 8), %edi
	movq	calls_done(%rip), %rax
	cmpq	DESC(D_NENTRIES), %rax
	jne	6f
	xorl	%edi, %edi
	jmp	do_exit
6:	addl	%eax, %edi				/* the first call that never happened */
	jmp	do_exit
bad_desc:
	movl	$1, %edi
do_exit:
	movl	$231, %eax				/* exit_group(status) */
	syscall
	ud2
	.size	_start, . - _start

/* At a callee's entry: r11 = this entry's state, r10 = its landing. Argument registers are untouched. */
shim_enter:
	movq	%rsp, ST_SP(%r11)
	movq	(%rsp), %rax
	movq	%rax, ST_RET(%r11)
	movq	%r10, (%rsp)
	movq	%rbx, ST_RBX(%r11)
	movq	%rbp, ST_RBP(%r11)
	movq	%r12, ST_R12(%r11)
	movq	%r13, ST_R13(%r11)
	movq	%r14, ST_R14(%r11)
	movq	%r15, ST_R15(%r11)
	movq	DESC(D_SNAPBASE), %r10			/* above the return address and incoming stack arguments */
	movq	%r10, ST_BASE(%r11)
	leaq	SNAP(%r10), %rax
	movq	%rax, ST_END(%r11)
1:	movq	(%rsp,%r10), %rax
	movq	%rax, ST_SNAP(%r11,%r10)
	addq	$8, %r10
	cmpq	ST_END(%r11), %r10
	jb	1b
	jmp	*ST_CALLEE(%r11)

/* At a callee's return, after the sled: r11 = state. Only caller-saved registers are used. */
shim_check:
	movq	%rsp, %rax
	xorl	%ecx, %ecx
1:	leaq	8(%rax), %rdx
	cmpq	%rdx, (%rax)
	jne	2f
	addq	$8, %rax
	incl	%ecx
	cmpl	$8, %ecx
	jb	1b
2:	movq	%rax, %rsp				/* SP as the callee returned it */
	movl	$(K_RETURN * 8), %edi
	cmpl	$8, %ecx
	jne	shim_fail
	movl	$(K_SP * 8), %edi
	movq	ST_SP(%r11), %rdx
	addq	$8, %rdx
	addq	DESC(D_CALLEEPOP), %rdx
	cmpq	%rdx, %rsp
	jne	shim_fail
	movl	$(K_FLAGS * 8), %edi			/* DF must be clear at the return (psABI 3.2.1) */
	pushfq
	popq	%rax
	testl	$0x400, %eax
	jnz	shim_fail
	movl	$(K_SAVED * 8), %edi
	cmpq	ST_RBX(%r11), %rbx
	jne	shim_saved_fail
	cmpq	ST_RBP(%r11), %rbp
	jne	shim_saved_fail
	cmpq	ST_R12(%r11), %r12
	jne	shim_saved_fail
	cmpq	ST_R13(%r11), %r13
	jne	shim_saved_fail
	cmpq	ST_R14(%r11), %r14
	jne	shim_saved_fail
	cmpq	ST_R15(%r11), %r15
	jne	shim_saved_fail
	movl	$(K_FRAME * 8), %edi
	movq	ST_BASE(%r11), %r10
	movq	ST_SP(%r11), %rsi
3:	movq	(%rsi,%r10), %rax
	cmpq	ST_SNAP(%r11,%r10), %rax
	jne	shim_fail
	addq	$8, %r10
	cmpq	ST_END(%r11), %r10
	jb	3b
	movl	$(K_ARG * 8), %edi
	movq	probe_calls(%rip), %rax
	cmpq	$0, ST_PROBE(%r11)
	je	5f
	leaq	1(%rax), %rdx				/* a probe appends exactly one record */
	cmpq	%rdx, tp_log_len(%rip)
	jne	shim_fail
	imulq	$TP_RECORD_SIZE, %rax, %rsi
	leaq	tp_log(%rip), %rdx
	addq	%rdx, %rsi
	movq	DESC(D_NARGS), %rcx
	cmpq	%rcx, (%rsi)
	jne	shim_fail
	movq	ST_DATA(%r11), %rdx
	cmpq	%rdx, 8(%rsi)
	jne	shim_fail
	xorl	%edx, %edx
	leaq	DESC(D_ARGS), %r8
4:	cmpq	%rcx, %rdx
	jae	6f
	movq	(%r8,%rdx,8), %r9
	cmpq	%r9, 16(%rsi,%rdx,8)
	jne	shim_fail
	incq	%rdx
	jmp	4b
6:	incq	probe_calls(%rip)
	jmp	7f
5:	cmpq	%rax, tp_log_len(%rip)			/* a stub records nothing */
	jne	shim_fail
7:	incq	calls_done(%rip)
	/*
	 * progress: one byte (the call's index) on stdout per call that passed,
	 * so a trap, fault or timeout later can be placed at the same call as in
	 * tpsim. write clobbers rax, rcx and r11 only, all caller-saved.
	 */
	movq	ST_INDEX(%r11), %rax
	movb	%al, progress_byte(%rip)
	movq	ST_RET(%r11), %rax
	movq	%rax, progress_ret(%rip)
	movl	$1, %eax				/* write */
	movl	$1, %edi
	leaq	progress_byte(%rip), %rsi
	movl	$1, %edx
	syscall
	jmp	*progress_ret(%rip)			/* back to the site, as its ret would */
shim_fail:
	addl	ST_INDEX(%r11), %edi
	jmp	do_exit

/*
 * A callee-saved register changed: edi = kind, r11 = state, and every
 * callee-saved register is as the callee left it. The R_SAVED report gives
 * them at the entry and now; syscall changes rax, rcx and r11, so the state
 * and the kind wait in r8 and r9.
 */
shim_saved_fail:
	movq	%rbx, ST_NOW+0(%r11)
	movq	%rbp, ST_NOW+8(%r11)
	movq	%r12, ST_NOW+16(%r11)
	movq	%r13, ST_NOW+24(%r11)
	movq	%r14, ST_NOW+32(%r11)
	movq	%r15, ST_NOW+40(%r11)
	movq	%r11, %r8
	movl	%edi, %r9d
	movb	$R_SAVED, progress_byte(%rip)
	movl	$SYS_write, %eax
	movl	$1, %edi
	leaq	progress_byte(%rip), %rsi
	movl	$1, %edx
	syscall
	movl	$SYS_write, %eax
	movl	$1, %edi
	leaq	ST_RBX(%r8), %rsi
	movl	$(NSAVED * W), %edx
	syscall
	movl	$SYS_write, %eax			/* ST_NOW is not right after ST_R15 */
	movl	$1, %edi
	leaq	ST_NOW(%r8), %rsi
	movl	$(NSAVED * W), %edx
	syscall
	movq	%r8, %r11
	movl	%r9d, %edi
	jmp	shim_fail

/*
 * A trap or fault signal, on the signal stack: edi = signal, rsi = siginfo,
 * rdx = ucontext. Writes the R_SIGNAL report and exits with 128 + signal.
 */
	.type	on_signal, @function
on_signal:
	movl	%edi, %r12d
	movq	%rsi, %r13
	movq	%rdx, %r14
	movb	$R_SIGNAL, progress_byte(%rip)
	movl	$SYS_write, %eax
	movl	$1, %edi
	leaq	progress_byte(%rip), %rsi
	movl	$1, %edx
	syscall
	movl	$SYS_write, %eax
	movl	$1, %edi
	movq	%r13, %rsi
	movl	$SIGINFO_BYTES, %edx
	syscall
	movl	$SYS_write, %eax
	movl	$1, %edi
	movq	%r14, %rsi
	movl	$CONTEXT_BYTES, %edx
	syscall
	movq	calls_done(%rip), %rax			/* the pending call's state: calls do not nest */
	imulq	$STATE_SIZE, %rax, %rsi
	leaq	shim_state+ST_RET(%rip), %rax
	addq	%rax, %rsi
	movl	$SYS_write, %eax
	movl	$1, %edi
	movl	$W, %edx
	syscall
	leal	128(%r12), %edi
	movl	$SYS_exit_group, %eax
	syscall
on_signal_return:
	ud2						/* never reached: the handler exits */
	.size	on_signal, . - on_signal

/*
 * The shims sit in a writable text section because of kCFI: a -fsanitize=kcfi
 * site checks the type hash in the 4 bytes before the function it calls, and
 * here it calls a shim. _start copies those 4 bytes from the real callee into
 * the slot before each shim, so the check passes or traps exactly as it would
 * on the callee itself (a probe's hash matches; the untyped stub's does not).
 */
	.section .text.tpsim_shims, "awx", @progbits
	.irp	i, 0,1,2,3,4,5,6,7
	.p2align 4
	.long	0				/* the callee's kCFI type hash, copied at start */
shim_entry_\i:
	leaq	shim_state+\i*STATE_SIZE(%rip), %r11
	leaq	shim_land_\i(%rip), %r10
	jmp	shim_enter
shim_land_\i:
	.rept	8
	pushq	%rsp
	.endr
	leaq	shim_state+\i*STATE_SIZE(%rip), %r11
	jmp	shim_check
	.endr

	.section .rodata
	.p2align 3
shim_table:
	.irp	i, 0,1,2,3,4,5,6,7
	.quad	shim_entry_\i
	.endr

	.bss
	.p2align 4
	.globl	harness_desc, harness_args
harness_desc:	.zero	D_WORDS * W
	.set	harness_args, harness_desc + D_ARGS * W	/* tp_asm_site's argv */
tp_funcs:	.zero	24 * (NSHIMS + 1)
site_sp:	.zero	8
progress_ret:	.zero	8
progress_byte:	.zero	8
sig_stack_t:	.zero	24
sig_action:	.zero	32
calls_done:	.zero	8
probe_calls:	.zero	8
	.p2align 4
shim_state:	.zero	STATE_SIZE * NSHIMS
	.p2align 4
harness_sigstack: .zero	SIGSTACK_SIZE			/* below harness_stack: a dump past a frame stays mapped */
harness_stack:	.zero	65536
harness_stack_top:
	.section .note.GNU-stack, "", @progbits
