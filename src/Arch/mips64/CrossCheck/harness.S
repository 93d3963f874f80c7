/*
 * Native mips64 (n64, big-endian) harness for tpsim's cross-check: a
 * freestanding static program (no libc) that runs one stub case under
 * qemu-mips64.
 *
 * The case (argument count, site, array entries, seeds) arrives on standard
 * input as tpsim's case descriptor (KernelSim/CrossCheck/CaseDescriptor.cs:
 * big-endian 8-byte words at the D_* indexes below), so one linked program
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
 * (pc at offset 616 of the n64 ucontext: uc_mcontext at 40, then sc_regs,
 * sc_fpregs, mdhi, hi1-3, mdlo, lo1-3 and sc_pc).
 *
 * Each shim, at the callee's entry, records SP, ra, s0-s7 gp fp f24-f31 and
 * SNAP bytes above the callee's incoming stack arguments, points ra at its own
 * landing, and jumps to the real callee. The site's jalr has already run its
 * delay slot (it->data into a0), so the shim starts where the callee would,
 * and its ra is the site's jalr + 8. The shim uses only t8 t9 and the other
 * caller-saved scratch registers, never a0-a7.
 *
 * The landing is a sled: its first slot branches to the checks, and every
 * later slot up to the eighth falls through nops into a return-address
 * failure. MIPS has no way to ask where a jr came from, so a callee that
 * returns one or more instructions past ra (the wrong-return control's ra + 4)
 * is told apart from the exact return by where in the sled it starts, not
 * crashed into the shim's own code.
 *
 * f24-f31 are seeded and read with dmtc1 / dmfc1. The objects are built with
 * -msoft-float, as the kernel is, so the instructions sit under
 * ".set hardfloat"; the ELF still says soft float, and qemu-user Linux
 * starts the program with the FPU usable and Status.FR = 1 for n64, so all
 * 32 FP registers are 64 bits wide and the odd ones are distinct registers.
 *
 * Every delay slot is filled by hand (.set noreorder). Addresses are built
 * with the full n64 sequence (%highest .. %lo), as clang's non-PIC code does,
 * so the image base does not matter.
 */
#define W		8	/* word size */
#include "harness.h"	/* descriptor indexes, exit kinds, record size */
#define DESC(i)		((i) * W)	/* from a register holding harness_desc */

#define STATE_SIZE	0x500
#define SNAP		512

#define ST_CALLEE	0
#define ST_DATA		8
#define ST_PROBE	16
#define ST_SP		24
#define ST_RET		32
#define ST_GPR		40	/* s0-s7, gp, fp: 10 words, the order of Abi.CalleeSaved */
#define ST_FPR		120	/* f24-f31: 8 words */
#define ST_INDEX	184
#define ST_BASE		192
#define ST_END		200
#define NSAVED		18	/* ST_GPR then ST_FPR: Abi.CalleeSaved */
#define ST_NOW		208	/* the same registers at a failed return */
#define ST_SNAP		(ST_NOW + NSAVED * W)	/* indexed by the offset from the entry SP */

#define NR_READ		5000	/* n64 system calls are numbered from 5000 */
#define NR_WRITE	5001
#define NR_EXIT_GROUP	5205
#define NR_RT_SIGACTION	5013
#define NR_SIGALTSTACK	5129
#define SA_SIGINFO	8		/* mips numbers it apart from the other ISAs */
#define SA_ONSTACK	0x08000000

/* reg = sym, whatever 64-bit address it was linked at; uses no other register. */
	.macro	load_addr reg, sym
	lui	\reg, %highest(\sym)
	daddiu	\reg, \reg, %higher(\sym)
	dsll	\reg, \reg, 16
	daddiu	\reg, \reg, %hi(\sym)
	dsll	\reg, \reg, 16
	daddiu	\reg, \reg, %lo(\sym)
	.endm

/* Exit with the status in v1 unless reg equals the word at off(base); clobbers $1. */
	.macro	expect_word reg, off, base, fail
	ld	$1, \off(\base)
	bne	\reg, $1, \fail
	nop
	.endm

/* The same for an FP register, read as its 64-bit pattern; clobbers $1 and $2. */
	.macro	expect_fpr freg, off, base, fail
	dmfc1	$2, \freg
	ld	$1, \off(\base)
	bne	$2, $1, \fail
	nop
	.endm

	.set	noreorder
	.set	noat
	.set	hardfloat
	.text
	.globl	_start
	.type	_start, @function
_start:
	load_addr $12, harness_stack_top
	daddiu	$sp, $12, -1024			/* leave untouched stack above every snapshot */
	daddiu	$12, $zero, -16
	and	$sp, $sp, $12

	/* SIGILL, SIGTRAP, SIGBUS (10 on mips) and SIGSEGV to on_signal, on its own stack: a callee may leave SP anywhere. */
	load_addr $4, sig_stack_t		/* mips stack_t { ss_sp, ss_size, ss_flags } */
	load_addr $12, harness_sigstack
	sd	$12, 0($4)
	li	$12, SIGSTACK_SIZE
	sd	$12, 8($4)
	move	$5, $zero
	daddiu	$2, $zero, NR_SIGALTSTACK
	syscall
	load_addr $5, sig_action		/* mips: { unsigned int flags, handler, 16-byte mask } */
	li	$12, SA_SIGINFO | SA_ONSTACK
	sw	$12, 0($5)
	load_addr $12, on_signal
	sd	$12, 8($5)
	.irp	sig, 4,5,10,11
	daddiu	$4, $zero, \sig
	load_addr $5, sig_action
	move	$6, $zero
	daddiu	$7, $zero, 16			/* sizeof(sigset_t): 128 signals on mips */
	daddiu	$2, $zero, NR_RT_SIGACTION
	syscall
	.endr

	/* The descriptor: read(0, ...) until it is whole; a pipe may hand it over in pieces. */
	load_addr $16, harness_desc		/* s0, s1: kept across syscalls */
	move	$17, $zero
0:	daddiu	$6, $zero, D_WORDS * W
	dsubu	$6, $6, $17
	beqz	$6, 1f
	daddu	$5, $16, $17
	move	$4, $zero
	daddiu	$2, $zero, NR_READ
	syscall
	bnez	$7, bad_desc			/* a3 set: v0 is an errno */
	nop
	blez	$2, bad_desc
	nop
	b	0b
	daddu	$17, $17, $2
1:	ld	$12, DESC(D_MAGIC)($16)
	li	$13, DESC_MAGIC
	bne	$12, $13, bad_desc
	nop
	ld	$12, DESC(D_NENTRIES)($16)
	beqz	$12, bad_desc
	sltiu	$13, $12, NSHIMS + 1
	beqz	$13, bad_desc
	nop
	ld	$12, DESC(D_NFRAME)($16)
	sltiu	$13, $12, 33
	beqz	$13, bad_desc
	nop

	/* funcs[i] = { shim i, data i, 10 }; state i = { callee, data, is-probe, index } */
	move	$12, $zero
	load_addr $13, tp_funcs
	load_addr $14, shim_state
	daddiu	$15, $16, DESC(D_ENTRIES)
	load_addr $24, shim_table
	ld	$25, DESC(D_NENTRIES)($16)
2:	beq	$12, $25, 3f
	nop
	ld	$1, 0($15)
	sd	$1, ST_CALLEE($14)
	ld	$1, 8($15)
	sd	$1, ST_DATA($14)
	sd	$1, 8($13)
	ld	$1, 16($15)
	sd	$1, ST_PROBE($14)
	sd	$12, ST_INDEX($14)
	dsll	$1, $12, 3
	daddu	$1, $1, $24
	ld	$1, 0($1)
	sd	$1, 0($13)
	daddiu	$1, $zero, 10
	sw	$1, 16($13)			/* prio: an int, then 4 bytes of padding */
	daddiu	$13, $13, 24
	daddiu	$14, $14, STATE_SIZE
	daddiu	$15, $15, 24
	b	2b
	daddiu	$12, $12, 1
3:	sd	$zero, 0($13)			/* NULL terminator */
	load_addr $13, tp_funcs
	load_addr $14, __tracepoint_tpsim
	sd	$13, 16($14)			/* tp->funcs */

	/* The outgoing stack image, 16-byte aligned at the call. */
	ld	$12, DESC(D_NFRAME)($16)
	dsll	$13, $12, 3
	dsubu	$sp, $sp, $13
	daddiu	$14, $zero, -16
	and	$sp, $sp, $14
	move	$14, $zero
4:	beq	$14, $13, 5f
	daddu	$15, $16, $14
	ld	$15, DESC(D_FRAME)($15)
	daddu	$1, $sp, $14
	sd	$15, 0($1)
	b	4b
	daddiu	$14, $14, 8
5:	load_addr $12, site_sp
	sd	$sp, 0($12)

	move	$24, $16			/* s0 is about to be seeded */
	ld	$16, DESC(D_SEEDS + 0)($24)
	ld	$17, DESC(D_SEEDS + 1)($24)
	ld	$18, DESC(D_SEEDS + 2)($24)
	ld	$19, DESC(D_SEEDS + 3)($24)
	ld	$20, DESC(D_SEEDS + 4)($24)
	ld	$21, DESC(D_SEEDS + 5)($24)
	ld	$22, DESC(D_SEEDS + 6)($24)
	ld	$23, DESC(D_SEEDS + 7)($24)
	ld	$28, DESC(D_SEEDS + 8)($24)	/* gp: non-PIC -G0 code never reads it */
	ld	$30, DESC(D_SEEDS + 9)($24)
	.irp	f, 24,25,26,27,28,29,30,31
	ld	$1, DESC(D_SEEDS + 10 + \f - 24)($24)
	dmtc1	$1, $f\f
	.endr
	ld	$4, DESC(D_REGS + 0)($24)
	ld	$5, DESC(D_REGS + 1)($24)
	ld	$6, DESC(D_REGS + 2)($24)
	ld	$7, DESC(D_REGS + 3)($24)
	ld	$8, DESC(D_REGS + 4)($24)
	ld	$9, DESC(D_REGS + 5)($24)
	ld	$10, DESC(D_REGS + 6)($24)
	ld	$11, DESC(D_REGS + 7)($24)
	ld	$25, DESC(D_SITE)($24)
	jalr	$25
	nop

	/* The site's own balance: a check the shims cannot make. */
	daddiu	$3, $zero, K_SITE * 8
	load_addr $24, harness_desc
	load_addr $12, site_sp
	ld	$12, 0($12)
	ld	$13, DESC(D_SITEPOP)($24)
	daddu	$12, $12, $13			/* a site that popped its own stack arguments; 0 on n64 */
	bne	$sp, $12, do_exit
	nop
	expect_word $16, DESC(D_SEEDS + 0), $24, do_exit
	expect_word $17, DESC(D_SEEDS + 1), $24, do_exit
	expect_word $18, DESC(D_SEEDS + 2), $24, do_exit
	expect_word $19, DESC(D_SEEDS + 3), $24, do_exit
	expect_word $20, DESC(D_SEEDS + 4), $24, do_exit
	expect_word $21, DESC(D_SEEDS + 5), $24, do_exit
	expect_word $22, DESC(D_SEEDS + 6), $24, do_exit
	expect_word $23, DESC(D_SEEDS + 7), $24, do_exit
	expect_word $28, DESC(D_SEEDS + 8), $24, do_exit
	expect_word $30, DESC(D_SEEDS + 9), $24, do_exit
	.irp	f, 24,25,26,27,28,29,30,31
	expect_fpr $f\f, DESC(D_SEEDS + 10 + \f - 24), $24, do_exit
	.endr
	daddiu	$3, $zero, K_MISSING * 8
	load_addr $12, calls_done
	ld	$12, 0($12)
	ld	$13, DESC(D_NENTRIES)($24)
	bne	$12, $13, 6f
	nop
	b	do_exit
	move	$3, $zero
6:	b	do_exit
	daddu	$3, $3, $12			/* the first call that never happened */
bad_desc:
	daddiu	$3, $zero, 1
do_exit:
	move	$4, $3
	daddiu	$2, $zero, NR_EXIT_GROUP	/* exit_group(status) */
	syscall
	break
	.size	_start, . - _start

/* At a callee's entry: t8 = this entry's state, t9 = its landing. Argument registers are untouched. */
shim_enter:
	sd	$sp, ST_SP($24)
	sd	$31, ST_RET($24)
	move	$31, $25
	sd	$16, ST_GPR + 0($24)
	sd	$17, ST_GPR + 8($24)
	sd	$18, ST_GPR + 16($24)
	sd	$19, ST_GPR + 24($24)
	sd	$20, ST_GPR + 32($24)
	sd	$21, ST_GPR + 40($24)
	sd	$22, ST_GPR + 48($24)
	sd	$23, ST_GPR + 56($24)
	sd	$28, ST_GPR + 64($24)
	sd	$30, ST_GPR + 72($24)
	.irp	f, 24,25,26,27,28,29,30,31
	dmfc1	$1, $f\f
	sd	$1, ST_FPR + (\f - 24) * 8($24)
	.endr
	load_addr $25, harness_desc
	ld	$12, DESC(D_SNAPBASE)($25)	/* above the incoming stack arguments */
	sd	$12, ST_BASE($24)
	daddiu	$13, $12, SNAP
	sd	$13, ST_END($24)
1:	daddu	$14, $sp, $12
	ld	$15, 0($14)
	daddu	$14, $24, $12
	sd	$15, ST_SNAP($14)
	daddiu	$12, $12, 8
	sltu	$14, $12, $13
	bnez	$14, 1b
	nop
	ld	$25, ST_CALLEE($24)		/* t9 = the callee, as a PIC callee would expect */
	jr	$25
	nop

/* At a callee's exact return: t8 = state; status kind in v1. Only caller-saved registers are used. */
shim_check:
	load_addr $25, harness_desc
	daddiu	$3, $zero, K_SP * 8
	ld	$12, ST_SP($24)
	ld	$13, DESC(D_CALLEEPOP)($25)
	daddu	$12, $12, $13			/* jr pops nothing: SP is the entry SP */
	bne	$sp, $12, shim_fail
	nop
	daddiu	$3, $zero, K_SAVED * 8
	expect_word $16, ST_GPR + 0, $24, shim_saved_fail
	expect_word $17, ST_GPR + 8, $24, shim_saved_fail
	expect_word $18, ST_GPR + 16, $24, shim_saved_fail
	expect_word $19, ST_GPR + 24, $24, shim_saved_fail
	expect_word $20, ST_GPR + 32, $24, shim_saved_fail
	expect_word $21, ST_GPR + 40, $24, shim_saved_fail
	expect_word $22, ST_GPR + 48, $24, shim_saved_fail
	expect_word $23, ST_GPR + 56, $24, shim_saved_fail
	expect_word $28, ST_GPR + 64, $24, shim_saved_fail
	expect_word $30, ST_GPR + 72, $24, shim_saved_fail
	.irp	f, 24,25,26,27,28,29,30,31
	expect_fpr $f\f, ST_FPR + (\f - 24) * 8, $24, shim_saved_fail
	.endr
	daddiu	$3, $zero, K_FRAME * 8
	ld	$12, ST_BASE($24)
	ld	$13, ST_END($24)
	ld	$14, ST_SP($24)
2:	daddu	$15, $14, $12
	ld	$15, 0($15)
	daddu	$1, $24, $12
	ld	$1, ST_SNAP($1)
	bne	$15, $1, shim_fail
	nop
	daddiu	$12, $12, 8
	sltu	$15, $12, $13
	bnez	$15, 2b
	nop
	daddiu	$3, $zero, K_ARG * 8
	load_addr $12, probe_calls
	ld	$12, 0($12)			/* records the probes so far must have made */
	load_addr $13, tp_log_len
	ld	$13, 0($13)
	ld	$14, ST_PROBE($24)
	beqz	$14, 5f
	nop
	daddiu	$14, $12, 1			/* a probe appends exactly one record */
	bne	$13, $14, shim_fail
	nop
	li	$15, TP_RECORD_SIZE		/* record = tp_log + i * TP_RECORD_SIZE */
	dmultu	$12, $15
	mflo	$14
	load_addr $15, tp_log
	daddu	$14, $14, $15
	ld	$15, DESC(D_NARGS)($25)
	ld	$1, 0($14)
	bne	$1, $15, shim_fail
	nop
	ld	$1, 8($14)
	ld	$2, ST_DATA($24)
	bne	$1, $2, shim_fail
	nop
	daddiu	$13, $25, DESC(D_ARGS)
	daddiu	$14, $14, 16
4:	beqz	$15, 6f
	nop
	ld	$1, 0($13)
	ld	$2, 0($14)
	bne	$1, $2, shim_fail
	nop
	daddiu	$13, $13, 8
	daddiu	$14, $14, 8
	b	4b
	daddiu	$15, $15, -1
6:	load_addr $13, probe_calls
	daddiu	$12, $12, 1
	b	7f
	sd	$12, 0($13)
5:	bne	$13, $12, shim_fail		/* a stub records nothing */
	nop
7:	load_addr $12, calls_done
	ld	$13, 0($12)
	daddiu	$13, $13, 1
	sd	$13, 0($12)
	/*
	 * progress: one byte (the call's index) on stdout per call that passed,
	 * so a trap, fault or timeout later can be placed at the same call as in
	 * tpsim. write(1, the byte, 1) needs a0-a2 and sets v0 and a3; the
	 * kernel may also clobber $1, v1, t0-t9, hi and lo, all caller-saved.
	 * a0-a3 are put back as the callee left them and the return address
	 * goes through memory, so only scratch registers change.
	 */
	load_addr $12, progress_save
	sd	$4, 0($12)
	sd	$5, 8($12)
	sd	$6, 16($12)
	sd	$7, 24($12)
	ld	$13, ST_RET($24)
	sd	$13, 32($12)			/* the site's return address */
	ld	$13, ST_INDEX($24)
	sb	$13, 40($12)			/* the byte written */
	daddiu	$4, $zero, 1			/* fd 1 */
	daddiu	$5, $12, 40
	daddiu	$6, $zero, 1
	daddiu	$2, $zero, NR_WRITE
	syscall
	load_addr $12, progress_save
	ld	$4, 0($12)
	ld	$5, 8($12)
	ld	$6, 16($12)
	ld	$7, 24($12)
	ld	$25, 32($12)			/* back to the site, as its jr $ra would */
	jr	$25
	nop
shim_fail:
	ld	$12, ST_INDEX($24)
	b	do_exit
	daddu	$3, $3, $12

/*
 * A callee-saved register changed: t8 = state, v1 = kind, and every
 * callee-saved register is as the callee left it. The R_SAVED report gives
 * them at the entry and now; the kernel may clobber t8 and v1, so they wait
 * in s0 and s1 once those are stored.
 */
shim_saved_fail:
	sd	$16, ST_NOW + 0($24)
	sd	$17, ST_NOW + 8($24)
	sd	$18, ST_NOW + 16($24)
	sd	$19, ST_NOW + 24($24)
	sd	$20, ST_NOW + 32($24)
	sd	$21, ST_NOW + 40($24)
	sd	$22, ST_NOW + 48($24)
	sd	$23, ST_NOW + 56($24)
	sd	$28, ST_NOW + 64($24)
	sd	$30, ST_NOW + 72($24)
	.irp	f, 24,25,26,27,28,29,30,31
	dmfc1	$1, $f\f
	sd	$1, ST_NOW + 80 + (\f - 24) * 8($24)
	.endr
	move	$16, $3
	move	$17, $24
	load_addr $5, progress_save
	daddiu	$12, $zero, R_SAVED
	sb	$12, 40($5)
	daddiu	$5, $5, 40
	daddiu	$4, $zero, 1
	daddiu	$6, $zero, 1
	daddiu	$2, $zero, NR_WRITE
	syscall
	daddiu	$4, $zero, 1			/* ST_NOW is not right after ST_FPR */
	daddiu	$5, $17, ST_GPR
	daddiu	$6, $zero, NSAVED * W
	daddiu	$2, $zero, NR_WRITE
	syscall
	daddiu	$4, $zero, 1
	daddiu	$5, $17, ST_NOW
	daddiu	$6, $zero, NSAVED * W
	daddiu	$2, $zero, NR_WRITE
	syscall
	move	$3, $16
	b	shim_fail
	move	$24, $17

/*
 * A trap or fault signal, on the signal stack: a0 = signal, a1 = siginfo,
 * a2 = ucontext. Writes the R_SIGNAL report and exits with 128 + signal.
 */
	.type	on_signal, @function
on_signal:
	move	$16, $4
	move	$17, $5
	move	$18, $6
	load_addr $5, progress_save
	daddiu	$12, $zero, R_SIGNAL
	sb	$12, 40($5)
	daddiu	$5, $5, 40
	daddiu	$4, $zero, 1
	daddiu	$6, $zero, 1
	daddiu	$2, $zero, NR_WRITE
	syscall
	daddiu	$4, $zero, 1
	move	$5, $17
	daddiu	$6, $zero, SIGINFO_BYTES
	daddiu	$2, $zero, NR_WRITE
	syscall
	daddiu	$4, $zero, 1
	move	$5, $18
	daddiu	$6, $zero, CONTEXT_BYTES
	daddiu	$2, $zero, NR_WRITE
	syscall
	load_addr $12, calls_done		/* the pending call's state: calls do not nest */
	ld	$12, 0($12)
	daddiu	$13, $zero, STATE_SIZE
	dmultu	$12, $13
	mflo	$12
	load_addr $5, shim_state + ST_RET
	daddu	$5, $5, $12
	daddiu	$4, $zero, 1
	daddiu	$6, $zero, W
	daddiu	$2, $zero, NR_WRITE
	syscall
	daddiu	$4, $16, 128
	daddiu	$2, $zero, NR_EXIT_GROUP
	syscall
	break
	.size	on_signal, . - on_signal

	.irp	i, 0,1,2,3,4,5,6,7
shim_entry_\i:
	load_addr $24, shim_state + \i * STATE_SIZE
	load_addr $25, shim_land_\i
	b	shim_enter
	nop
shim_land_\i:
	b	1f				/* the exact return address */
	nop					/* its delay slot, and the second sled slot */
	.rept	6
	nop					/* a return past ra slides down to the failure */
	.endr
	load_addr $24, shim_state + \i * STATE_SIZE
	b	shim_fail
	daddiu	$3, $zero, K_RETURN * 8
1:	load_addr $24, shim_state + \i * STATE_SIZE
	b	shim_check
	nop
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
tp_funcs:	.zero	24 * (NSHIMS + 1)
site_sp:	.zero	8
calls_done:	.zero	8
probe_calls:	.zero	8
progress_save:	.zero	48		/* a0-a3, the return address, then the byte written */
sig_stack_t:	.zero	24
sig_action:	.zero	32
	.p2align 4
shim_state:	.zero	STATE_SIZE * NSHIMS
	.p2align 4
harness_sigstack: .zero	SIGSTACK_SIZE			/* below harness_stack: a dump past a frame stays mapped */
harness_stack:	.zero	65536
harness_stack_top:
	.section .note.GNU-stack, "", @progbits
