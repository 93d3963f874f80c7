/*
 * i386 harness for tpsim's cross-check, run under qemu-i386: a freestanding
 * static program (no libc) that runs one stub case.
 *
 * The case (argument count, site, array entries, seeds) arrives on standard
 * input as tpsim's case descriptor (KernelSim/CrossCheck/CaseDescriptor.cs:
 * 4-byte little-endian words at the D_* indexes below), so one linked program
 * serves every case of its objects. This file fills struct tracepoint_func
 * entries (12 bytes on i386: func, data, int prio) with per-entry shims, seeds
 * the callee-saved registers, calls the site as the kernel's -mregparm=3 does
 * (eax, edx, ecx, the rest in 4-byte stack slots), and exits with exit_group:
 *
 *   status 0                  balanced
 *   status 1                  the descriptor was short or had no magic word
 *   status kind * 8 + call    unbalanced: the first violating call decides
 *   128 + signal              the program crashed (trap / fault)
 *
 * and writes one byte, the call's index, to standard output per call that
 * passed its checks, then the report harness.h describes: the registers of a
 * failed callee-saved check, or the siginfo and ucontext of a trap or fault
 * (eip at offset 76 of the ucontext: uc_mcontext at 20, eip its 15th word).
 *
 * Each shim, at the callee's entry, records SP, the return address, ebx esi
 * edi ebp and SNAP bytes above the callee's incoming-argument area, points the
 * return address at its own landing, and jumps to the real callee. Under
 * regparm every register but esp is either an argument (eax edx ecx) or
 * callee-saved (ebx esi edi ebp), so unlike x86_64 there is no free scratch
 * register at the entry: the shim parks eax, ecx and edx in memory (calls never
 * nest) and restores all three before the jump, which goes through memory too.
 *
 * The landing is a sled of eight one-byte "pushl %esp": the 32-bit push stores
 * esp as it was before the push, so each slot it writes holds its own address
 * + 4, and counting such slots from the final SP gives both the SP at the
 * return and how far into the sled the callee returned (a return one byte past
 * the return address lands one push later). Every push goes below the callee's
 * entry SP (or, for a callee that pops its stack arguments, into those
 * arguments), never into the caller's frame that is compared afterwards.
 *
 * The check at the return may use only eax, ecx and edx (the registers
 * -mregparm=3 leaves to the callee, and the void return value), so the current
 * entry's state pointer is kept in memory where a loop needs all three.
 */
#define W		4	/* word size */
#include "harness.h"	/* descriptor indexes, exit kinds, record size */
#define DESC(i)		harness_desc+(i)*W

#define STATE_SIZE	0x300
#define SNAP		512

#define ST_CALLEE	0
#define ST_DATA		4
#define ST_PROBE	8
#define ST_SP		12
#define ST_RET		16
#define ST_EBX		20
#define ST_ESI		24
#define ST_EDI		28
#define ST_EBP		32
#define ST_INDEX	36
#define ST_BASE		40
#define ST_END		44
#define NSAVED		4	/* ebx esi edi ebp: ST_EBX on, in Abi.CalleeSaved order */
#define ST_NOW		48	/* the same registers at a failed return */
#define ST_SNAP		64	/* indexed by the offset from the entry SP */

#define TP_FUNCS	8	/* offsetof(struct tracepoint, funcs): name, key, funcs */
#define TP_FUNC_SIZE	12	/* sizeof(struct tracepoint_func) */

#define SYS_read	3
#define SYS_write	4
#define SYS_exit_group	252
#define SYS_rt_sigaction 174
#define SYS_sigaltstack	186
#define SA_SIGINFO	4
#define SA_ONSTACK	0x08000000

	.text
	.globl	_start
	.type	_start, @function
_start:
	movl	$harness_stack_top-1024, %esp		/* leave untouched stack above every snapshot */
	andl	$-16, %esp

	/* SIGILL, SIGTRAP, SIGBUS and SIGSEGV to on_signal, on its own stack: a callee may leave SP anywhere. */
	movl	$harness_sigstack, sig_stack_t		/* stack_t { ss_sp, ss_flags, ss_size } */
	movl	$SIGSTACK_SIZE, sig_stack_t+8
	movl	$sig_stack_t, %ebx
	xorl	%ecx, %ecx
	movl	$SYS_sigaltstack, %eax
	int	$0x80
	movl	$on_signal, sig_action			/* { handler, flags, restorer, mask } */
	movl	$(SA_SIGINFO | SA_ONSTACK), sig_action+4
	.irp	sig, 4,5,7,11
	movl	$\sig, %ebx
	movl	$sig_action, %ecx
	xorl	%edx, %edx
	movl	$8, %esi				/* sizeof(sigset_t) */
	movl	$SYS_rt_sigaction, %eax
	int	$0x80
	.endr

	/* The descriptor: read(0, ...) until it is whole; a pipe may hand it over in pieces. */
	xorl	%esi, %esi
0:	movl	$(D_WORDS * W), %edx
	subl	%esi, %edx
	jz	1f
	xorl	%ebx, %ebx
	leal	harness_desc(%esi), %ecx
	movl	$SYS_read, %eax
	int	$0x80
	testl	%eax, %eax
	jle	bad_desc
	addl	%eax, %esi
	jmp	0b
1:	cmpl	$DESC_MAGIC, DESC(D_MAGIC)
	jne	bad_desc
	movl	DESC(D_NENTRIES), %eax
	testl	%eax, %eax
	jz	bad_desc
	cmpl	$NSHIMS, %eax
	ja	bad_desc
	cmpl	$32, DESC(D_NFRAME)
	ja	bad_desc

	/* funcs[i] = { shim i, data i, 10 }; state i = { callee, data, is-probe, index } */
	xorl	%ecx, %ecx
	movl	$tp_funcs, %edi
	movl	$shim_state, %esi
	movl	$DESC(D_ENTRIES), %edx
1:	cmpl	DESC(D_NENTRIES), %ecx
	jae	2f
	movl	(%edx), %eax
	movl	%eax, ST_CALLEE(%esi)
	movl	4(%edx), %eax
	movl	%eax, ST_DATA(%esi)
	movl	%eax, 4(%edi)
	movl	8(%edx), %eax
	movl	%eax, ST_PROBE(%esi)
	movl	%ecx, ST_INDEX(%esi)
	movl	shim_table(,%ecx,4), %eax
	movl	%eax, (%edi)
	movl	$10, 8(%edi)
	addl	$TP_FUNC_SIZE, %edi
	addl	$STATE_SIZE, %esi
	addl	$(3 * W), %edx
	incl	%ecx
	jmp	1b
2:	movl	$0, (%edi)				/* NULL terminator */
	movl	$tp_funcs, __tracepoint_tpsim+TP_FUNCS	/* tp->funcs */

	/* The outgoing stack image, 16-byte aligned at the call. */
	movl	DESC(D_NFRAME), %ecx
	leal	0(,%ecx,4), %eax
	subl	%eax, %esp
	andl	$-16, %esp
3:	testl	%ecx, %ecx
	jz	5f
	decl	%ecx
	movl	DESC(D_FRAME)(,%ecx,4), %edx
	movl	%edx, (%esp,%ecx,4)
	jmp	3b
5:	movl	%esp, site_sp

	movl	DESC(D_SEEDS+0), %ebx
	movl	DESC(D_SEEDS+1), %esi
	movl	DESC(D_SEEDS+2), %edi
	movl	DESC(D_SEEDS+3), %ebp
	movl	DESC(D_REGS+0), %eax
	movl	DESC(D_REGS+1), %edx
	movl	DESC(D_REGS+2), %ecx
	calll	*DESC(D_SITE)

	/* The site's own balance: a check the shims cannot make. */
	movl	site_sp, %eax
	addl	DESC(D_SITEPOP), %eax			/* a -mrtd site pops its own stack arguments */
	cmpl	%eax, %esp
	jne	site_fail
	cmpl	DESC(D_SEEDS+0), %ebx
	jne	site_fail
	cmpl	DESC(D_SEEDS+1), %esi
	jne	site_fail
	cmpl	DESC(D_SEEDS+2), %edi
	jne	site_fail
	cmpl	DESC(D_SEEDS+3), %ebp
	jne	site_fail
	movl	calls_done, %eax
	cmpl	DESC(D_NENTRIES), %eax
	jne	6f
	xorl	%ebx, %ebx
	jmp	do_exit
6:	leal	K_MISSING*8(%eax), %ebx			/* the first call that never happened */
	jmp	do_exit
site_fail:
	movl	$(K_SITE * 8), %ebx
	jmp	do_exit
bad_desc:
	movl	$1, %ebx
do_exit:
	movl	$SYS_exit_group, %eax			/* exit_group(status) */
	int	$0x80
	ud2
	.size	_start, . - _start

/*
 * At a callee's entry: eax = this entry's state, ecx = its landing; the
 * callee's eax and ecx are in shim_eax and shim_ecx, edx is still its own.
 */
shim_enter:
	movl	%edx, shim_edx
	movl	%esp, ST_SP(%eax)
	movl	(%esp), %edx
	movl	%edx, ST_RET(%eax)
	movl	%ecx, (%esp)
	movl	%ebx, ST_EBX(%eax)
	movl	%esi, ST_ESI(%eax)
	movl	%edi, ST_EDI(%eax)
	movl	%ebp, ST_EBP(%eax)
	movl	DESC(D_SNAPBASE), %ecx			/* above the return address and incoming stack arguments */
	movl	%ecx, ST_BASE(%eax)
	leal	SNAP(%ecx), %edx
	movl	%edx, ST_END(%eax)
1:	movl	(%esp,%ecx), %edx
	movl	%edx, ST_SNAP(%eax,%ecx)
	addl	$4, %ecx
	cmpl	ST_END(%eax), %ecx
	jb	1b
	movl	ST_CALLEE(%eax), %edx
	movl	%edx, shim_callee
	movl	shim_eax, %eax
	movl	shim_ecx, %ecx
	movl	shim_edx, %edx
	jmp	*shim_callee

/* At a callee's return, after the sled: eax = state. Only eax, ecx and edx are used. */
shim_check:
	movl	%eax, shim_current
	movl	%esp, %edx
	xorl	%ecx, %ecx
1:	addl	$4, %edx
	cmpl	%edx, -4(%edx)				/* a sled slot holds its own address + 4 */
	jne	2f
	incl	%ecx
	cmpl	$8, %ecx
	jb	1b
	jmp	3f
2:	subl	$4, %edx
3:	movl	%edx, %esp				/* SP as the callee returned it */
	cmpl	$8, %ecx
	jne	fail_return
	movl	ST_SP(%eax), %edx
	addl	$4, %edx
	addl	DESC(D_CALLEEPOP), %edx
	cmpl	%edx, %esp
	jne	fail_sp
	pushfl						/* DF must be clear at the return */
	popl	%ecx
	testl	$0x400, %ecx
	jnz	fail_flags
	cmpl	ST_EBX(%eax), %ebx
	jne	fail_saved
	cmpl	ST_ESI(%eax), %esi
	jne	fail_saved
	cmpl	ST_EDI(%eax), %edi
	jne	fail_saved
	cmpl	ST_EBP(%eax), %ebp
	jne	fail_saved
	movl	ST_BASE(%eax), %ecx
4:	movl	ST_SP(%eax), %edx
	movl	(%edx,%ecx), %edx
	cmpl	ST_SNAP(%eax,%ecx), %edx
	jne	fail_frame
	addl	$4, %ecx
	cmpl	ST_END(%eax), %ecx
	jb	4b
	movl	probe_calls, %ecx
	cmpl	$0, ST_PROBE(%eax)
	je	7f
	leal	1(%ecx), %edx				/* a probe appends exactly one record */
	cmpl	%edx, tp_log_len
	jne	fail_arg
	imull	$TP_RECORD_SIZE, %ecx, %edx
	addl	$tp_log, %edx
	movl	DESC(D_NARGS), %ecx
	cmpl	%ecx, (%edx)
	jne	fail_arg
	movl	ST_DATA(%eax), %ecx
	cmpl	%ecx, 4(%edx)
	jne	fail_arg
	movl	DESC(D_NARGS), %ecx			/* eax is free from here: the state is in shim_current */
5:	testl	%ecx, %ecx
	jz	6f
	decl	%ecx
	movl	DESC(D_ARGS)(,%ecx,4), %eax
	cmpl	%eax, 8(%edx,%ecx,4)
	jne	fail_arg
	jmp	5b
6:	movl	shim_current, %eax
	incl	probe_calls
	jmp	8f
7:	cmpl	%ecx, tp_log_len			/* a stub records nothing */
	jne	fail_arg
8:	incl	calls_done
	/*
	 * progress: one byte (the call's index) on stdout per call that passed,
	 * so a trap, fault or timeout later can be placed at the same call as in
	 * tpsim. write(1, ...) takes the fd in ebx, callee-saved, so ebx is parked
	 * in memory around it; int $0x80 changes eax alone.
	 */
	movl	ST_INDEX(%eax), %ecx
	movb	%cl, progress_byte
	movl	ST_RET(%eax), %ecx
	movl	%ecx, progress_ret
	movl	%ebx, progress_ebx
	movl	$1, %ebx
	movl	$progress_byte, %ecx
	movl	$1, %edx
	movl	$SYS_write, %eax
	int	$0x80
	movl	progress_ebx, %ebx
	jmp	*progress_ret				/* back to the site, as its ret would */
fail_return:
	movl	$(K_RETURN * 8), %ebx
	jmp	shim_fail
fail_sp:
	movl	$(K_SP * 8), %ebx
	jmp	shim_fail
fail_flags:
	movl	$(K_FLAGS * 8), %ebx
	jmp	shim_fail
fail_saved:
	/* eax = state; every callee-saved register is as the callee left it: the R_SAVED report, entry then now. */
	movl	%ebx, ST_NOW+0(%eax)
	movl	%esi, ST_NOW+4(%eax)
	movl	%edi, ST_NOW+8(%eax)
	movl	%ebp, ST_NOW+12(%eax)
	movb	$R_SAVED, progress_byte
	movl	$1, %ebx
	movl	$progress_byte, %ecx
	movl	$1, %edx
	movl	$SYS_write, %eax
	int	$0x80
	movl	shim_current, %ecx
	addl	$ST_EBX, %ecx
	movl	$(NSAVED * W), %edx
	movl	$SYS_write, %eax
	int	$0x80
	movl	shim_current, %ecx			/* ST_NOW is not right after ST_EBP */
	addl	$ST_NOW, %ecx
	movl	$SYS_write, %eax
	int	$0x80
	movl	$(K_SAVED * 8), %ebx
	jmp	shim_fail
fail_frame:
	movl	$(K_FRAME * 8), %ebx
	jmp	shim_fail
fail_arg:
	movl	$(K_ARG * 8), %ebx
shim_fail:
	movl	shim_current, %eax
	addl	ST_INDEX(%eax), %ebx
	jmp	do_exit

/*
 * A trap or fault signal, on the signal stack, called as handler(signal,
 * siginfo, ucontext) with its arguments on the stack. Writes the R_SIGNAL
 * report and exits with 128 + signal.
 */
	.type	on_signal, @function
on_signal:
	movl	4(%esp), %ebp
	movl	8(%esp), %esi
	movl	12(%esp), %edi
	movb	$R_SIGNAL, progress_byte
	movl	$1, %ebx
	movl	$progress_byte, %ecx
	movl	$1, %edx
	movl	$SYS_write, %eax
	int	$0x80
	movl	%esi, %ecx
	movl	$SIGINFO_BYTES, %edx
	movl	$SYS_write, %eax
	int	$0x80
	movl	%edi, %ecx
	movl	$CONTEXT_BYTES, %edx
	movl	$SYS_write, %eax
	int	$0x80
	imull	$STATE_SIZE, calls_done, %ecx		/* the pending call's state: calls do not nest */
	addl	$shim_state+ST_RET, %ecx
	movl	$W, %edx
	movl	$SYS_write, %eax
	int	$0x80
	leal	128(%ebp), %ebx
	movl	$SYS_exit_group, %eax
	int	$0x80
	ud2
	.size	on_signal, . - on_signal

	.irp	i, 0,1,2,3,4,5,6,7
shim_entry_\i:
	movl	%eax, shim_eax
	movl	%ecx, shim_ecx
	movl	$shim_state+\i*STATE_SIZE, %eax
	movl	$shim_land_\i, %ecx
	jmp	shim_enter
shim_land_\i:
	.rept	8
	pushl	%esp
	.endr
	movl	$shim_state+\i*STATE_SIZE, %eax
	jmp	shim_check
	.endr

	.section .rodata
	.p2align 2
shim_table:
	.irp	i, 0,1,2,3,4,5,6,7
	.long	shim_entry_\i
	.endr

	.bss
	.p2align 4
	.globl	harness_desc, harness_args
harness_desc:	.zero	D_WORDS * W
	.set	harness_args, harness_desc + D_ARGS * W	/* tp_asm_site's argv */
tp_funcs:	.zero	TP_FUNC_SIZE * (NSHIMS + 1)
site_sp:	.zero	4
calls_done:	.zero	4
probe_calls:	.zero	4
shim_current:	.zero	4
shim_callee:	.zero	4
shim_eax:	.zero	4
shim_ecx:	.zero	4
shim_edx:	.zero	4
progress_ret:	.zero	4
progress_ebx:	.zero	4
progress_byte:	.zero	4
sig_stack_t:	.zero	12
sig_action:	.zero	20
	.p2align 4
shim_state:	.zero	STATE_SIZE * NSHIMS
	.p2align 4
harness_sigstack: .zero	SIGSTACK_SIZE			/* below harness_stack: a dump past a frame stays mapped */
harness_stack:	.zero	65536
harness_stack_top:
	.section .note.GNU-stack, "", @progbits
