/*
 * Native riscv64 harness for tpsim's cross-check: a freestanding static
 * program (no libc) that runs one stub case under qemu-riscv64.
 *
 * The case (argument count, site, array entries, seeds) arrives on standard
 * input as tpsim's case descriptor (KernelSim/CrossCheck/CaseDescriptor.cs:
 * little-endian 8-byte words at the D_* indexes below), so one linked program
 * serves every case of its objects. This file fills struct tracepoint_func
 * entries with per-entry shims, seeds the callee-saved registers, calls the
 * site, and exits with exit_group:
 *
 *   status 0                  balanced
 *   status 1                  the descriptor was short or had no magic word
 *   status kind * 8 + call    unbalanced: the first violating call decides
 *   128 + signal              the program crashed (trap / fault)
 *
 * and writes one byte, the call's index, to standard output per call that
 * passed its checks, then the report harness.h describes: the registers of a
 * failed callee-saved check, or the siginfo and ucontext of a trap or fault
 * (pc at offset 176 of the ucontext: uc_mcontext, whose first word is pc).
 *
 * Each shim, at the callee's entry, records sp, ra, s0-s11, gp, tp, fs0-fs11, the
 * probe log length and SNAP bytes above the callee's incoming stack
 * arguments, points ra at the landing, and jumps to the real callee. The
 * return address lives in a register, so nothing on the stack is touched to
 * redirect it, and the shim uses only t0-t6: the argument registers and the
 * incoming stack arguments reach the callee exactly as the site set them.
 *
 * The landing is a sled of two-byte compressed jumps (c.j). The slot at the
 * landing itself goes to the check; the seven after it, and four before it,
 * go to the return-address exit. A callee that returns one compressed
 * instruction (2 bytes) or a few more past its return address therefore lands
 * on a slot that names it, instead of running whatever follows. (jalr clears
 * bit 0 of its target, so ra + 1 is ra itself, here as in tpsim.) Calls do
 * not nest, so one landing serves every entry: cur_state says which entry is
 * pending. The state keeps sp, ra and the registers of the pending call, so
 * the check needs no stack and no callee-saved register of its own.
 *
 * gp and tp are seeded and checked like s0-s11: the kernel keeps current in
 * tp and its shadow call stack pointer in gp. Neither is in use here: the
 * program has no TLS, and nothing is linked with gp relaxation (the objects
 * are built with -mno-relax, and ld.lld relaxes to gp only with --relax-gp),
 * so __global_pointer$ is never needed.
 *
 * fs0-fs11 are seeded with fmv.d.x and compared as raw bits through fmv.x.d,
 * so a NaN pattern compares like any other word. qemu-user starts the process
 * with the FP unit on (mstatus.FS non-zero), unlike tpsim's bare Unicorn CPU,
 * which has to set FS itself.
 */
#define W		8	/* word size */
#include "harness.h"	/* descriptor indexes, exit kinds, record size */

#define STATE_SIZE	0x500
#define SNAP		512
#define SNAPBASE_MAX	(STATE_SIZE - ST_SNAP - SNAP)	/* the snapshot must fit its state */
#define MAX_ARGS	TP_LOG_ARGS

#define ST_CALLEE	0
#define ST_DATA		8
#define ST_PROBE	16
#define ST_SP		24
#define ST_RET		32
#define ST_INDEX	40
#define ST_BASE		48
#define ST_END		56
#define ST_LOG		64	/* tp_log_len at the entry */
#define ST_S0		72	/* s0-s11, then gp and tp, as in Abi.CalleeSaved */
#define ST_GP		168
#define ST_TP		176
#define ST_FS0		184	/* fs0-fs11, raw bits */
#define NSAVED		26	/* s0-s11, gp, tp, fs0-fs11: ST_S0 on, in Abi.CalleeSaved order */
#define ST_NOW		(ST_S0 + NSAVED * W)	/* the same registers at a failed return */
#define ST_SNAP		(ST_NOW + NSAVED * W)	/* indexed by the offset from the entry SP */

#define TP_FUNC_SIZE	24	/* struct tracepoint_func: func, data, int prio, padded to 8 */

#define SYS_READ	63
#define SYS_WRITE	64
#define SYS_EXIT_GROUP	94
#define SYS_SIGALTSTACK	132
#define SYS_RT_SIGACTION 134
#define SA_SIGINFO	4
#define SA_ONSTACK	0x08000000

	.text
	.globl	_start
	.type	_start, @function
_start:
	lla	sp, harness_stack_top - 1024	/* leave untouched stack above every snapshot */
	andi	sp, sp, -16
	lla	s0, harness_desc

	/* SIGILL, SIGTRAP, SIGBUS and SIGSEGV to on_signal, on its own stack: a callee may leave sp anywhere. */
	lla	a0, sig_stack_t			/* stack_t { ss_sp, ss_flags, ss_size } */
	lla	t0, harness_sigstack
	sd	t0, 0(a0)
	li	t0, SIGSTACK_SIZE
	sd	t0, 16(a0)
	li	a1, 0
	li	a7, SYS_SIGALTSTACK
	ecall
	lla	t1, sig_action			/* { handler, flags, mask } */
	lla	t0, on_signal
	sd	t0, 0(t1)
	li	t0, SA_SIGINFO | SA_ONSTACK
	sd	t0, 8(t1)
	.irp	sig, 4,5,7,11
	li	a0, \sig
	lla	a1, sig_action
	li	a2, 0
	li	a3, 8				/* sizeof(sigset_t) */
	li	a7, SYS_RT_SIGACTION
	ecall
	.endr

	/* The descriptor: read(0, ...) until it is whole; a pipe may hand it over in pieces. */
	li	s1, 0
	li	s2, D_WORDS * W
0:	sub	a2, s2, s1
	beqz	a2, 1f
	li	a0, 0
	add	a1, s0, s1
	li	a7, SYS_READ
	ecall
	blez	a0, bad_desc
	add	s1, s1, a0
	j	0b
1:	ld	t0, D_MAGIC*W(s0)
	li	t1, DESC_MAGIC
	bne	t0, t1, bad_desc
	ld	t0, D_NENTRIES*W(s0)
	beqz	t0, bad_desc
	li	t1, NSHIMS
	bgtu	t0, t1, bad_desc
	ld	t0, D_NFRAME*W(s0)
	li	t1, 32
	bgtu	t0, t1, bad_desc
	ld	t0, D_NARGS*W(s0)
	li	t1, MAX_ARGS
	bgtu	t0, t1, bad_desc
	ld	t0, D_SNAPBASE*W(s0)
	li	t1, SNAPBASE_MAX
	bgtu	t0, t1, bad_desc
	andi	t0, t0, W - 1
	bnez	t0, bad_desc

	/* funcs[i] = { shim i, data i, 10 }; state i = { callee, data, is-probe, index } */
	li	t0, 0
	lla	t1, tp_funcs
	lla	t2, shim_state
	addi	t3, s0, D_ENTRIES*W
	lla	t4, shim_table
	ld	t5, D_NENTRIES*W(s0)
	li	a3, 10				/* TRACEPOINT_DEFAULT_PRIO */
2:	bgeu	t0, t5, 3f
	ld	a0, 0(t3)
	sd	a0, ST_CALLEE(t2)
	ld	a0, 8(t3)
	sd	a0, ST_DATA(t2)
	sd	a0, 8(t1)
	ld	a0, 16(t3)
	sd	a0, ST_PROBE(t2)
	sd	t0, ST_INDEX(t2)
	slli	a1, t0, 3
	add	a1, a1, t4
	ld	a0, 0(a1)
	sd	a0, 0(t1)
	ld	a1, 0(t3)			/* the callee's kCFI hash slot, onto the shim's */
	lw	a2, -4(a1)
	sw	a2, -4(a0)
	sw	a3, 16(t1)
	addi	t1, t1, TP_FUNC_SIZE
	addi	t2, t2, STATE_SIZE
	addi	t3, t3, 3*W
	addi	t0, t0, 1
	j	2b
3:	sd	zero, 0(t1)			/* NULL terminator */
	lla	a0, tp_funcs
	lla	a1, __tracepoint_tpsim
	sd	a0, 16(a1)			/* tp->funcs */

	/* The outgoing stack image, 16-byte aligned at the call. */
	ld	t0, D_NFRAME*W(s0)
	slli	t1, t0, 3
	sub	sp, sp, t1
	andi	sp, sp, -16
	addi	t2, s0, D_FRAME*W
	li	t3, 0
4:	bgeu	t3, t1, 5f
	add	a0, t2, t3
	ld	a1, 0(a0)
	add	a0, sp, t3
	sd	a1, 0(a0)
	addi	t3, t3, W
	j	4b
5:	lla	a0, site_sp
	sd	sp, 0(a0)

	/* Seeds: general registers first, then the FP ones, as Abi.CalleeSaved lists them. */
	mv	t0, s0
	ld	t1, D_SITE*W(t0)
	.irp	n, 0,1,2,3,4,5,6,7,8,9,10,11
	ld	s\n, D_SEEDS*W+\n*W(t0)
	.endr
	ld	gp, D_SEEDS*W+12*W(t0)
	ld	tp, D_SEEDS*W+13*W(t0)
	.irp	n, 0,1,2,3,4,5,6,7,8,9,10,11
	ld	t2, D_SEEDS*W+(14+\n)*W(t0)
	fmv.d.x	fs\n, t2
	.endr
	.irp	n, 0,1,2,3,4,5,6,7
	ld	a\n, D_REGS*W+\n*W(t0)
	.endr
	jalr	t1

	/* The site's own balance: a check the shims cannot make. */
	lla	t0, harness_desc
	li	a0, K_SITE * 8
	lla	t1, site_sp
	ld	t1, 0(t1)
	ld	t2, D_SITEPOP*W(t0)
	add	t1, t1, t2
	bne	sp, t1, do_exit
	.irp	n, 0,1,2,3,4,5,6,7,8,9,10,11
	ld	t1, D_SEEDS*W+\n*W(t0)
	bne	s\n, t1, do_exit
	.endr
	ld	t1, D_SEEDS*W+12*W(t0)
	bne	gp, t1, do_exit
	ld	t1, D_SEEDS*W+13*W(t0)
	bne	tp, t1, do_exit
	.irp	n, 0,1,2,3,4,5,6,7,8,9,10,11
	ld	t1, D_SEEDS*W+(14+\n)*W(t0)
	fmv.x.d	t2, fs\n
	bne	t2, t1, do_exit
	.endr
	li	a0, K_MISSING * 8
	lla	t1, calls_done
	ld	t1, 0(t1)
	ld	t2, D_NENTRIES*W(t0)
	bne	t1, t2, 6f
	li	a0, 0
	j	do_exit
6:	add	a0, a0, t1			/* the first call that never happened */
	j	do_exit
bad_desc:
	li	a0, 1
do_exit:
	li	a7, SYS_EXIT_GROUP
	ecall
	unimp
	.size	_start, . - _start

/*
 * At a callee's entry: t6 = this entry's state. Argument registers, ra and the
 * stack are as the site left them. A shim entered out of turn means the site
 * called something other than the next entry, which tpsim reports as a
 * return-address violation of the call it expected.
 */
shim_enter:
	lla	t0, calls_done
	ld	t0, 0(t0)
	ld	t1, ST_INDEX(t6)
	bne	t0, t1, 2f
	lla	t1, cur_state
	sd	t6, 0(t1)
	sd	sp, ST_SP(t6)
	sd	ra, ST_RET(t6)
	lla	ra, shim_land
	.irp	n, 0,1,2,3,4,5,6,7,8,9,10,11
	sd	s\n, ST_S0+\n*W(t6)
	.endr
	sd	gp, ST_GP(t6)
	sd	tp, ST_TP(t6)
	.irp	n, 0,1,2,3,4,5,6,7,8,9,10,11
	fsd	fs\n, ST_FS0+\n*W(t6)
	.endr
	lla	t0, tp_log_len
	ld	t0, 0(t0)
	sd	t0, ST_LOG(t6)
	lla	t0, harness_desc
	ld	t1, D_SNAPBASE*W(t0)		/* above the incoming stack arguments */
	sd	t1, ST_BASE(t6)
	addi	t2, t1, SNAP
	sd	t2, ST_END(t6)
1:	add	t3, sp, t1
	ld	t4, 0(t3)
	add	t3, t6, t1
	sd	t4, ST_SNAP(t3)
	addi	t1, t1, W
	bltu	t1, t2, 1b
	ld	t0, ST_CALLEE(t6)
	jr	t0
2:	li	a0, K_RETURN * 8
	add	a0, a0, t0
	j	do_exit

/* At a callee's return through landing+0. Only caller-saved registers (t*, a*) are used. */
shim_check:
	lla	t6, cur_state
	ld	t6, 0(t6)
	lla	t5, harness_desc
	li	a0, K_SP * 8
	ld	t0, ST_SP(t6)
	ld	t1, D_CALLEEPOP*W(t5)
	add	t0, t0, t1
	bne	sp, t0, shim_fail
	li	a0, K_SAVED * 8
	.irp	n, 0,1,2,3,4,5,6,7,8,9,10,11
	ld	t0, ST_S0+\n*W(t6)
	bne	s\n, t0, shim_saved_fail
	.endr
	ld	t0, ST_GP(t6)
	bne	gp, t0, shim_saved_fail
	ld	t0, ST_TP(t6)
	bne	tp, t0, shim_saved_fail
	.irp	n, 0,1,2,3,4,5,6,7,8,9,10,11
	ld	t0, ST_FS0+\n*W(t6)
	fmv.x.d	t1, fs\n
	bne	t1, t0, shim_saved_fail
	.endr
	li	a0, K_FRAME * 8
	ld	t0, ST_SP(t6)
	ld	t1, ST_BASE(t6)
	ld	t2, ST_END(t6)
1:	add	t3, t0, t1
	ld	t3, 0(t3)
	add	t4, t6, t1
	ld	t4, ST_SNAP(t4)
	bne	t3, t4, shim_fail
	addi	t1, t1, W
	bltu	t1, t2, 1b
	li	a0, K_ARG * 8
	ld	t0, ST_LOG(t6)
	lla	t1, tp_log_len
	ld	t1, 0(t1)
	ld	t2, ST_PROBE(t6)
	beqz	t2, 5f
	addi	t2, t0, 1			/* a probe appends exactly one record */
	bne	t1, t2, shim_fail
	li	t2, TP_RECORD_SIZE
	mul	t2, t0, t2
	lla	t3, tp_log
	add	t3, t3, t2
	ld	t4, D_NARGS*W(t5)
	ld	t2, 0(t3)
	bne	t2, t4, shim_fail
	ld	t2, 8(t3)
	ld	a1, ST_DATA(t6)
	bne	t2, a1, shim_fail
	addi	a1, t5, D_ARGS*W
	addi	a2, t3, 16
	li	a3, 0
4:	bgeu	a3, t4, 6f
	ld	a4, 0(a1)
	ld	a5, 0(a2)
	bne	a4, a5, shim_fail
	addi	a1, a1, W
	addi	a2, a2, W
	addi	a3, a3, 1
	j	4b
5:	bne	t1, t0, shim_fail		/* a stub records nothing */
6:	lla	t0, calls_done
	ld	t1, 0(t0)
	addi	t1, t1, 1
	sd	t1, 0(t0)
	/*
	 * progress: one byte (the call's index) on stdout per call that passed,
	 * so a trap, fault or timeout later can be placed at the same call as in
	 * tpsim. Only a0-a2, a7 and t0-t1 are used; ecall changes a0 alone.
	 */
	ld	t0, ST_INDEX(t6)
	lla	a1, progress_byte
	sb	t0, 0(a1)
	li	a0, 1
	li	a2, 1
	li	a7, SYS_WRITE
	ecall
	ld	ra, ST_RET(t6)			/* back to the site with ra as the callee's ret left it */
	ret

/* The landing, within c.j reach (+-2 KiB) of shim_check. */
	.p2align 2
	.option	push
	.option	rvc
	.rept	4
	c.j	shim_wrong
	.endr
shim_land:
	c.j	shim_check
	.rept	7
	c.j	shim_wrong
	.endr
	.option	pop
shim_wrong:
	lla	t6, cur_state
	ld	t6, 0(t6)
	li	a0, K_RETURN * 8
shim_fail:
	ld	t0, ST_INDEX(t6)
	add	a0, a0, t0
	j	do_exit

/*
 * A callee-saved register changed: a0 = kind, t6 = state, and every
 * callee-saved register is as the callee left it. The R_SAVED report gives
 * them at the entry and now; ecall changes a0 alone.
 */
shim_saved_fail:
	.irp	n, 0,1,2,3,4,5,6,7,8,9,10,11
	sd	s\n, ST_NOW+\n*W(t6)
	.endr
	sd	gp, ST_NOW+12*W(t6)
	sd	tp, ST_NOW+13*W(t6)
	.irp	n, 0,1,2,3,4,5,6,7,8,9,10,11
	fsd	fs\n, ST_NOW+(14+\n)*W(t6)
	.endr
	mv	t5, a0
	li	t0, R_SAVED
	lla	a1, progress_byte
	sb	t0, 0(a1)
	li	a0, 1
	li	a2, 1
	li	a7, SYS_WRITE
	ecall
	li	a0, 1
	addi	a1, t6, ST_S0
	li	a2, 2 * NSAVED * W
	ecall
	mv	a0, t5
	j	shim_fail

/*
 * A trap or fault signal, on the signal stack: a0 = signal, a1 = siginfo,
 * a2 = ucontext. Writes the R_SIGNAL report and exits with 128 + signal.
 */
	.type	on_signal, @function
on_signal:
	mv	s1, a0
	mv	s2, a1
	mv	s3, a2
	li	t0, R_SIGNAL
	lla	a1, progress_byte
	sb	t0, 0(a1)
	li	a0, 1
	li	a2, 1
	li	a7, SYS_WRITE
	ecall
	li	a0, 1
	mv	a1, s2
	li	a2, SIGINFO_BYTES
	ecall
	li	a0, 1
	mv	a1, s3
	li	a2, CONTEXT_BYTES
	ecall
	lla	t0, calls_done			/* the pending call's state: calls do not nest */
	ld	t0, 0(t0)
	li	t1, STATE_SIZE
	mul	t0, t0, t1
	lla	a1, shim_state + ST_RET
	add	a1, a1, t0
	li	a0, 1
	li	a2, W
	ecall
	addi	a0, s1, 128
	li	a7, SYS_EXIT_GROUP
	ecall
	unimp
	.size	on_signal, . - on_signal

/*
 * The shim entries sit in a writable text section because of kCFI: a
 * -fsanitize=kcfi site loads the type hash from the 4 bytes before the
 * function it calls (lw t1, -4(target)), and here it calls a shim. _start
 * copies those 4 bytes from the real callee into the slot before each entry,
 * so the check passes or traps exactly as it would on the callee itself (a
 * probe's hash matches; the untyped stub's does not). Each slot is a 4-byte
 * word right before its 4-byte aligned entry, so it ends exactly at the entry.
 */
	.section .text.tpsim_shims, "awx", @progbits
	.irp	i, 0,1,2,3,4,5,6,7
	.p2align 2
	.word	0				/* the callee's kCFI type hash, copied at start */
shim_entry_\i:
	lla	t6, shim_state + \i * STATE_SIZE
	j	shim_enter
	.endr

	.section .rodata
	.p2align 3
shim_table:
	.irp	i, 0,1,2,3,4,5,6,7
	.dword	shim_entry_\i
	.endr

	.bss
	.p2align 4
	.globl	harness_desc, harness_args
harness_desc:	.zero	D_WORDS * W
	.set	harness_args, harness_desc + D_ARGS * W	/* tp_asm_site's argv */
tp_funcs:	.zero	TP_FUNC_SIZE * (NSHIMS + 1)
site_sp:	.zero	8
calls_done:	.zero	8
cur_state:	.zero	8
progress_byte:	.zero	8
sig_stack_t:	.zero	24
sig_action:	.zero	32
	.p2align 4
shim_state:	.zero	STATE_SIZE * NSHIMS
	.p2align 4
harness_sigstack: .zero	SIGSTACK_SIZE		/* below harness_stack: a dump past a frame stays mapped */
harness_stack:	.zero	65536
harness_stack_top:
	.section .note.GNU-stack, "", @progbits
