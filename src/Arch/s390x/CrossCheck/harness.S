/*
 * s390x harness for tpsim's cross-check: a freestanding static program (no
 * libc) that runs one stub case under qemu-s390x.
 *
 * The case (argument count, site, array entries, seeds) arrives on standard
 * input as tpsim's case descriptor (KernelSim/CrossCheck/CaseDescriptor.cs:
 * big-endian words at the D_* indexes below), so one linked program serves
 * every case of its objects. This file fills struct tracepoint_func entries
 * with per-entry shims, seeds the callee-saved registers r6-r13 and f8-f15,
 * calls the site, and exits with exit_group:
 *
 *   status 0                  balanced
 *   status 1                  the descriptor was short or had no magic word
 *   status kind * 8 + call    unbalanced: the first violating call decides
 *   128 + signal              the program crashed (trap / fault)
 *
 * and writes one byte, the call's index, to standard output per call that
 * passed its checks, then the report harness.h describes: the registers of a
 * failed callee-saved check, or the siginfo and ucontext of a trap or fault
 * (the PSW address at offset 48 of the ucontext: uc_mcontext at 40, then the
 * PSW mask and address).
 *
 * Each shim, at the callee's entry, records r15, the return address in r14,
 * r6-r13, f8-f15 and SNAP bytes above the callee's incoming area (the 160-byte
 * register save area at 0(%r15) and the stack arguments above it belong to the
 * callee), points r14 at its own landing, and branches to the real callee.
 *
 * The landing cannot count its way in as the x86 sled does: every 2-byte
 * s390x branch goes through a register, and the callee owns them all at its
 * return. So the landing's first instruction is a 4-byte "j" whose offset
 * halfword is 0x0700, which decodes as "bcr 0,%r0", a no-op: a return to the
 * landing takes the jump LAND_FAR bytes ahead to the check, while a return 2
 * bytes in runs that no-op, then a run of no-ops, into a jump to the entry's
 * "wrong return" exit. The code between the landings and their far targets
 * is padding placed with .org, so the distance is exactly the one the offset
 * halfword encodes; no register the callee could have set is trusted.
 *
 * f8-f15 are seeded with "ld" straight from the descriptor's words, so each
 * holds a distinct bit pattern without integer-to-FP moves, and are compared
 * as bytes after "std" (clc), so no FP compare can call two NaNs unequal or
 * +0 and -0 equal. The kernel's -msoft-float keeps compiled code away from
 * them but not the assembler, and Linux (and qemu-user) run user programs
 * with the additional FP registers enabled.
 */
#define W		8	/* word size */
#include "harness.h"	/* descriptor indexes, exit kinds, record size */

#define STATE_SIZE	0x540
/*
 * A callee's snapshot base is at most the site's SP (the site reserves a save
 * area for its callee), which _start puts 1024 + 160 bytes or more below
 * harness_stack_top, so SNAP bytes from there stay on the stack.
 */
#define SNAP		1024

#define ST_CALLEE	0	/* ST_CALLEE, ST_DATA, ST_PROBE mirror one D_ENTRIES triple */
#define ST_DATA		8
#define ST_PROBE	16
#define ST_SP		24
#define ST_RET		32
#define ST_LAND		40
#define ST_INDEX	48
#define ST_BASE		56	/* entry r15 + D_SNAPBASE: the first caller-frame byte */
#define ST_SAVED	64	/* r6-r13, f8-f15 at the callee's entry */
#define ST_NOW		192	/* the same at its return */
#define ST_SNAP		320	/* SNAP bytes from ST_BASE */
#define SAVED_SIZE	128	/* ST_SAVED then ST_NOW: r6-r13, f8-f15, in Abi.CalleeSaved order */

#define SA_SIGINFO	4
#define SA_ONSTACK	0x08000000

#define LAND_SIZE	32
#define LAND_FAR	0xe00	/* "j" offset 0x0700 halfwords: its second halfword is "bcr 0,%r0" */

#define TP_FUNC_SIZE	24	/* struct tracepoint_func: func, data, int prio, padded to 8 */

/* r6-r13 and f8-f15 to \off(\base), in the ST_SAVED layout. */
	.macro	store_saved base, off
	stmg	%r6, %r13, \off(\base)
	std	%f8, \off+64(\base)
	std	%f9, \off+72(\base)
	std	%f10, \off+80(\base)
	std	%f11, \off+88(\base)
	std	%f12, \off+96(\base)
	std	%f13, \off+104(\base)
	std	%f14, \off+112(\base)
	std	%f15, \off+120(\base)
	.endm

	.text
	.globl	_start
	.type	_start, @function
_start:
	larl	%r15, harness_stack_top-1024	/* mapped stack above every snapshot, never written */
	nill	%r15, 0xfff0

	/* SIGILL, SIGTRAP, SIGBUS and SIGSEGV to on_signal, on its own stack: a callee may leave r15 anywhere. */
	larl	%r2, sig_stack_t		/* stack_t { ss_sp, ss_flags, ss_size } */
	larl	%r1, harness_sigstack
	stg	%r1, 0(%r2)
	lgfi	%r1, SIGSTACK_SIZE
	stg	%r1, 16(%r2)
	lghi	%r3, 0
	svc	186				/* sigaltstack */
	larl	%r1, sig_action			/* { handler, flags, restorer, mask } */
	larl	%r3, on_signal
	stg	%r3, 0(%r1)
	lgfi	%r3, SA_SIGINFO | SA_ONSTACK
	stg	%r3, 8(%r1)
	.irp	sig, 4,5,7,11
	lghi	%r2, \sig
	larl	%r3, sig_action
	lghi	%r4, 0
	lghi	%r5, 8				/* sizeof(sigset_t) */
	svc	174				/* rt_sigaction */
	.endr

	larl	%r9, harness_desc

	/* The descriptor: read(0, ...) until it is whole; a pipe may hand it over in pieces. */
	lghi	%r7, 0
0:	la	%r3, 0(%r7,%r9)
	lghi	%r4, D_WORDS * W
	sgr	%r4, %r7
	jz	1f
	lghi	%r2, 0
	svc	3				/* read */
	ltgr	%r2, %r2
	jle	bad_desc
	agr	%r7, %r2
	j	0b
1:	lg	%r0, D_MAGIC*W(%r9)
	clgfi	%r0, DESC_MAGIC
	jne	bad_desc
	lg	%r8, D_NENTRIES*W(%r9)
	ltgr	%r8, %r8
	jz	bad_desc
	clgfi	%r8, NSHIMS
	jh	bad_desc
	lg	%r0, D_NFRAME*W(%r9)
	clgfi	%r0, 32
	jh	bad_desc

	/* funcs[i] = { shim i, data i, 10 }; state i = { callee, data, is-probe, landing, index } */
	lghi	%r7, 0
	larl	%r10, tp_funcs
	larl	%r11, shim_state
	la	%r12, D_ENTRIES*W(%r9)
	larl	%r13, shim_table
1:	clgr	%r7, %r8
	jhe	2f
	mvc	ST_CALLEE(24,%r11), 0(%r12)
	mvc	ST_LAND(8,%r11), 8(%r13)
	stg	%r7, ST_INDEX(%r11)
	mvc	0(8,%r10), 0(%r13)
	mvc	8(8,%r10), 8(%r12)
	mvhi	16(%r10), 10
	la	%r10, TP_FUNC_SIZE(%r10)
	la	%r11, STATE_SIZE(%r11)
	la	%r12, 24(%r12)
	la	%r13, 16(%r13)
	aghi	%r7, 1
	j	1b
2:	mvghi	0(%r10), 0			/* NULL terminator */
	larl	%r10, tp_funcs
	larl	%r11, __tracepoint_tpsim
	stg	%r10, 16(%r11)			/* tp->funcs */

	/* The outgoing stack image (the 160-byte save area, then stack arguments), 16-byte aligned at the call. */
	lg	%r8, D_NFRAME*W(%r9)
	sllg	%r8, %r8, 3
	sgr	%r15, %r8
	nill	%r15, 0xfff0
3:	aghi	%r8, -W
	jm	5f
	lg	%r0, D_FRAME*W(%r8,%r9)
	stg	%r0, 0(%r8,%r15)
	j	3b
5:	stgrl	%r15, site_sp

	/*
	 * r6 is callee-saved and also the fifth argument register. It keeps its seed
	 * unless the site takes five register arguments, as in tpsim: D_REGS[4] is
	 * zero exactly when it does not (every argument seed is non-zero; the only
	 * zero argument, a C site's NULL __data, goes in r2).
	 */
	lgr	%r1, %r9			/* r9 is about to become a seeded register */
	lmg	%r6, %r13, D_SEEDS*W(%r1)
	ld	%f8, (D_SEEDS+8)*W(%r1)
	ld	%f9, (D_SEEDS+9)*W(%r1)
	ld	%f10, (D_SEEDS+10)*W(%r1)
	ld	%f11, (D_SEEDS+11)*W(%r1)
	ld	%f12, (D_SEEDS+12)*W(%r1)
	ld	%f13, (D_SEEDS+13)*W(%r1)
	ld	%f14, (D_SEEDS+14)*W(%r1)
	ld	%f15, (D_SEEDS+15)*W(%r1)
	lg	%r0, (D_REGS+4)*W(%r1)
	ltgr	%r0, %r0
	jz	6f
	lgr	%r6, %r0
6:	larl	%r14, site_saved		/* what the site must give back, r6 included */
	store_saved %r14, 0
	lmg	%r2, %r5, D_REGS*W(%r1)
	lg	%r1, D_SITE*W(%r1)
	basr	%r14, %r1

	/* The site's own balance: a check the shims cannot make. */
	larl	%r1, site_now
	store_saved %r1, 0
	larl	%r9, harness_desc
	lghi	%r2, K_SITE * 8
	lgrl	%r0, site_sp
	ag	%r0, D_SITEPOP*W(%r9)
	cgr	%r15, %r0
	jne	do_exit
	larl	%r3, site_saved
	clc	0(SAVED_SIZE,%r1), 0(%r3)
	jne	do_exit
	lghi	%r2, K_MISSING * 8
	lgrl	%r0, calls_done
	clg	%r0, D_NENTRIES*W(%r9)
	jne	7f
	lghi	%r2, 0
	j	do_exit
7:	agr	%r2, %r0			/* the first call that never happened */
	j	do_exit
bad_desc:
	lghi	%r2, 1
do_exit:
	svc	248				/* exit_group(status) */
	.short	0				/* not reached; an illegal opcode if it were */
	.size	_start, . - _start

/*
 * At a callee's entry: r1 = this entry's state, r14 already saved. Argument
 * registers r2-r6 and the stack are untouched; r0, r1 and r14 are free
 * because the site just made a call.
 */
shim_enter:
	stg	%r15, ST_SP(%r1)
	store_saved %r1, ST_SAVED
	larl	%r14, harness_desc
	lg	%r14, D_SNAPBASE*W(%r14)	/* above the save area and the incoming stack arguments */
	agr	%r14, %r15
	stg	%r14, ST_BASE(%r1)
	.irp	off, 0, 256, 512, 768		/* SNAP bytes, 256 per mvc */
	mvc	ST_SNAP+\off(256,%r1), \off(%r14)
	.endr
	lg	%r14, ST_LAND(%r1)
	lg	%r1, ST_CALLEE(%r1)
	br	%r1

/*
 * At a callee's return through its landing: r1 = state. Only registers a
 * call clobbers anyway are used: r0-r5 and r14 (void callee, so r2 carries
 * nothing back).
 */
shim_check:
	larl	%r2, harness_desc
	lghi	%r4, K_SP * 8
	lg	%r0, ST_SP(%r1)
	ag	%r0, D_CALLEEPOP*W(%r2)
	cgr	%r15, %r0
	jne	shim_fail
	lghi	%r4, K_SAVED * 8
	store_saved %r1, ST_NOW
	clc	ST_NOW(SAVED_SIZE,%r1), ST_SAVED(%r1)
	jne	shim_saved_fail
	lghi	%r4, K_FRAME * 8
	lg	%r3, ST_BASE(%r1)
	.irp	off, 0, 256, 512, 768
	clc	ST_SNAP+\off(256,%r1), \off(%r3)
	jne	shim_fail
	.endr
	lghi	%r4, K_ARG * 8
	lgrl	%r0, probe_calls
	cghsi	ST_PROBE(%r1), 0
	je	5f
	lgr	%r3, %r0			/* a probe appends exactly one record */
	aghi	%r3, 1
	cgrl	%r3, tp_log_len
	jne	shim_fail
	lgr	%r3, %r0
	mghi	%r3, TP_RECORD_SIZE
	larl	%r5, tp_log
	agr	%r3, %r5
	lg	%r5, D_NARGS*W(%r2)
	cg	%r5, 0(%r3)
	jne	shim_fail
	clc	ST_DATA(8,%r1), 8(%r3)
	jne	shim_fail
	la	%r3, 16(%r3)
	la	%r14, D_ARGS*W(%r2)
4:	ltgr	%r5, %r5
	jz	6f
	clc	0(8,%r3), 0(%r14)
	jne	shim_fail
	la	%r3, 8(%r3)
	la	%r14, 8(%r14)
	aghi	%r5, -1
	j	4b
6:	larl	%r3, probe_calls
	agsi	0(%r3), 1
	j	7f
5:	cgrl	%r0, tp_log_len			/* a stub records nothing */
	jne	shim_fail
7:	larl	%r3, calls_done
	agsi	0(%r3), 1
	/*
	 * progress: one byte (the call's index) on stdout per call that passed,
	 * so a trap, fault or timeout later can be placed at the same call as in
	 * tpsim. write(1, ...) takes r2-r4, all free here; svc changes r2 alone.
	 */
	larl	%r3, progress_byte
	mvc	0(1,%r3), ST_INDEX+7(%r1)	/* the index's low (last, big-endian) byte */
	lghi	%r2, 1
	lghi	%r4, 1
	svc	4				/* write */
	lg	%r1, ST_RET(%r1)		/* back to the site, as its br %r14 would */
	br	%r1
shim_fail:
	lgr	%r2, %r4
	ag	%r2, ST_INDEX(%r1)
	j	do_exit

/*
 * A callee-saved register changed: r1 = state, r4 = kind, and ST_NOW holds
 * the registers at the return. The R_SAVED report gives ST_SAVED and ST_NOW;
 * svc changes r2 alone, so the kind waits in r5.
 */
shim_saved_fail:
	lgr	%r5, %r4
	larl	%r3, progress_byte
	mvi	0(%r3), R_SAVED
	lghi	%r2, 1
	lghi	%r4, 1
	svc	4				/* write */
	lghi	%r2, 1
	la	%r3, ST_SAVED(%r1)
	lghi	%r4, 2 * SAVED_SIZE
	svc	4
	lgr	%r4, %r5
	j	shim_fail

/*
 * A trap or fault signal, on the signal stack: r2 = signal, r3 = siginfo,
 * r4 = ucontext. Writes the R_SIGNAL report and exits with 128 + signal.
 */
	.type	on_signal, @function
on_signal:
	lgr	%r7, %r2
	lgr	%r8, %r3
	lgr	%r9, %r4
	larl	%r3, progress_byte
	mvi	0(%r3), R_SIGNAL
	lghi	%r2, 1
	lghi	%r4, 1
	svc	4				/* write */
	lghi	%r2, 1
	lgr	%r3, %r8
	lghi	%r4, SIGINFO_BYTES
	svc	4
	lghi	%r2, 1
	lgr	%r3, %r9
	lghi	%r4, CONTEXT_BYTES
	svc	4
	lgrl	%r3, calls_done			/* the pending call's state: calls do not nest */
	mghi	%r3, STATE_SIZE
	larl	%r5, shim_state+ST_RET
	agr	%r3, %r5
	lghi	%r2, 1
	lghi	%r4, W
	svc	4
	lgr	%r2, %r7
	aghi	%r2, 128
	svc	248				/* exit_group */
	.short	0
	.size	on_signal, . - on_signal

	.irp	i, 0,1,2,3,4,5,6,7
shim_entry_\i:
	larl	%r1, shim_state+\i*STATE_SIZE
	stg	%r14, ST_RET(%r1)
	j	shim_enter
shim_wrong_\i:
	lghi	%r2, K_RETURN * 8 + \i
	j	do_exit
	.endr

/* The landings, LAND_SIZE bytes each, and LAND_FAR bytes on, each one's way to the check. */
	.p2align 5
shim_lands:
	.irp	i, 0,1,2,3,4,5,6,7
	.org	shim_lands + \i * LAND_SIZE
shim_land_\i:
	j	shim_lands + LAND_FAR + \i * LAND_SIZE
	.rept	(LAND_SIZE - 8) / 2
	bcr	0, %r0
	.endr
	j	shim_wrong_\i
	.endr
	.irp	i, 0,1,2,3,4,5,6,7
	.org	shim_lands + LAND_FAR + \i * LAND_SIZE
	larl	%r1, shim_state+\i*STATE_SIZE
	j	shim_check
	.endr

	.section .rodata
	.p2align 3
shim_table:
	.irp	i, 0,1,2,3,4,5,6,7
	.quad	shim_entry_\i, shim_land_\i
	.endr

	.bss
	.p2align 4
	.globl	harness_desc, harness_args
harness_desc:	.zero	D_WORDS * W
	.set	harness_args, harness_desc + D_ARGS * W	/* tp_asm_site's argv */
tp_funcs:	.zero	TP_FUNC_SIZE * (NSHIMS + 1)
site_sp:	.zero	8
calls_done:	.zero	8
probe_calls:	.zero	8
progress_byte:	.zero	8
sig_stack_t:	.zero	24
sig_action:	.zero	32
site_saved:	.zero	SAVED_SIZE
site_now:	.zero	SAVED_SIZE
	.p2align 4
shim_state:	.zero	STATE_SIZE * NSHIMS
	.p2align 4
harness_sigstack: .zero	SIGSTACK_SIZE			/* below harness_stack: a dump past a frame stays mapped */
harness_stack:	.zero	65536
harness_stack_top:
	.section .note.GNU-stack, "", @progbits
