/*
 * Native arm64 (AAPCS64) harness for tpsim's cross-check: a freestanding
 * static program (no libc) that runs one stub case under qemu-aarch64.
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
 * and writes one byte, the call's index, to standard output for each call
 * that passed every check at its return (progress, for a crash or timeout),
 * then the report harness.h describes: the registers of a failed callee-saved
 * check, or the siginfo and ucontext of a trap or fault (pc at offset 440 of
 * the ucontext: uc_mcontext at 176, then fault_address, x0-x30, sp, pc).
 *
 * Each shim, at the callee's entry, records SP, x30, x19-x29, x18, d8-d15 and SNAP
 * bytes above the callee's incoming stack arguments, points x30 at its own
 * landing, and branches to the real callee. The return address lives in a
 * register here, so redirecting it is a register move, not a stack write.
 * The landing is a sled of branches: slot 0 (the exact return) goes to the
 * checks, the seven slots after it and the four before it to a return-address
 * failure, so a callee that returns a few instructions off its return address
 * is named as such instead of running into whatever is there (the slot just
 * before would otherwise be the shim's own branch into the callee again).
 *
 * Only the AAPCS64 scratch registers x9-x17 are used between a callee's entry
 * and its return to the site: the callee gets x0-x8 as the site set them, and
 * the site gets x0-x8, x18-x29 and d8-d15 back as the callee left them. Only
 * the low 64 bits of v8-v15 are callee-saved, so d8-d15 are seeded and
 * compared as 64-bit words (fmov to and from general registers).
 *
 * x18 is the platform register; the kernel (and tpsim's engine) point it at a
 * shadow call stack, which code built with -fsanitize=shadow-call-stack pushes
 * return addresses to. The harness does the same and never uses x18 itself:
 * it seeds x18 with its own shadow stack instead of the descriptor's seed,
 * and checks it like x19-x29, since a callee must hand it back unchanged.
 *
 * Branches into the callee and back to the site go through x16 and "ret":
 * a "bti c" landing pad accepts br x16, and a ret is never checked by BTI,
 * so the shims stay correct wherever BTI is enforced.
 */
#define W		8	/* word size */
#include "harness.h"	/* descriptor indexes, exit kinds, record size */
#define D_FPSEEDS	(D_SEEDS + 12)	/* the seeds follow Abi.CalleeSaved: x19-x29, x18 (unused), then d8-d15 */

#define STATE_SIZE	0x500
#define SNAP		512

#define ST_CALLEE	0
#define ST_DATA		8
#define ST_PROBE	16
#define ST_SP		24
#define ST_RET		32
#define ST_INDEX	40
#define ST_BASE		48
#define ST_END		56
#define ST_X19		64	/* x19-x29: 11 words */
#define ST_X18		152	/* right after x29, as in Abi.CalleeSaved */
#define ST_D8		160	/* d8-d15: 8 words */
#define NSAVED		20	/* x19-x29, x18, d8-d15: ST_X19 on, in Abi.CalleeSaved order */
#define ST_NOW		(ST_X19 + NSAVED * W)	/* the same registers at a failed return */
#define ST_SNAP		(ST_NOW + NSAVED * W)	/* indexed by the offset from the entry SP */
#define MAX_SNAPBASE	(STATE_SIZE - ST_SNAP - SNAP)

#define TP_FUNC_SIZE	24	/* struct tracepoint_func: func, data, int prio (padded to 8) */
#define TP_FUNCS	16	/* offsetof(struct tracepoint, funcs) */

#define SYS_read	63
#define SYS_write	64
#define SYS_exit_group	94
#define SYS_sigaltstack	132
#define SYS_rt_sigaction 134
#define SA_SIGINFO	4
#define SA_ONSTACK	0x08000000

/* reg = &sym, anywhere within +-4 GiB */
	.macro	addr	reg, sym
	adrp	\reg, \sym
	add	\reg, \reg, :lo12:\sym
	.endm

	.text
	.globl	_start
	.type	_start, %function
_start:
	addr	x9, harness_stack_top-1024		/* leave untouched stack above every snapshot */
	and	x9, x9, #~15
	mov	sp, x9
	addr	x18, harness_scs

	/* SIGILL, SIGTRAP, SIGBUS and SIGSEGV to on_signal, on its own stack: a callee may leave SP anywhere. */
	addr	x0, sig_stack_t				/* stack_t { ss_sp, ss_flags, ss_size } */
	addr	x1, harness_sigstack
	mov	x2, #SIGSTACK_SIZE
	stp	x1, xzr, [x0]
	str	x2, [x0, #16]
	mov	x1, #0
	mov	x8, #SYS_sigaltstack
	svc	#0
	addr	x1, sig_action				/* { handler, flags, restorer, mask } */
	addr	x2, on_signal
	mov	x3, #SA_SIGINFO
	movk	x3, #(SA_ONSTACK >> 16), lsl #16
	stp	x2, x3, [x1]
	.irp	sig, 4,5,7,11
	mov	x0, #\sig
	addr	x1, sig_action
	mov	x2, #0
	mov	x3, #8					/* sizeof(sigset_t) */
	mov	x8, #SYS_rt_sigaction
	svc	#0
	.endr

	/* The descriptor: read(0, ...) until it is whole; a pipe may hand it over in pieces. */
	mov	x19, #0
0:	mov	x2, #(D_WORDS * W)
	subs	x2, x2, x19
	b.eq	1f
	mov	x0, #0
	addr	x1, harness_desc
	add	x1, x1, x19
	mov	x8, #SYS_read
	svc	#0
	cmp	x0, #0
	b.le	bad_desc
	add	x19, x19, x0
	b	0b
1:	addr	x9, harness_desc
	ldr	x10, [x9, #D_MAGIC * W]
	mov	x11, #0x736d
	movk	x11, #0x7470, lsl #16
	cmp	x10, x11
	b.ne	bad_desc
	ldr	x10, [x9, #D_NENTRIES * W]
	cbz	x10, bad_desc
	cmp	x10, #NSHIMS
	b.hi	bad_desc
	ldr	x10, [x9, #D_NFRAME * W]
	cmp	x10, #32
	b.hi	bad_desc
	ldr	x10, [x9, #D_SNAPBASE * W]		/* the snapshot must fit in a shim's state */
	cmp	x10, #MAX_SNAPBASE
	b.hi	bad_desc

	/* funcs[i] = { shim i, data i, 10 }; state i = { callee, data, is-probe, index } */
	mov	x10, #0
	addr	x11, tp_funcs
	addr	x12, shim_state
	add	x13, x9, #D_ENTRIES * W
	addr	x14, shim_table
	ldr	x15, [x9, #D_NENTRIES * W]
2:	cmp	x10, x15
	b.hs	3f
	ldp	x0, x1, [x13]				/* function pointer, data */
	ldr	x2, [x13, #16]				/* is-probe */
	stp	x0, x1, [x12, #ST_CALLEE]
	stp	x2, xzr, [x12, #ST_PROBE]
	str	x10, [x12, #ST_INDEX]
	ldur	w3, [x0, #-4]				/* the callee's kCFI hash slot, onto the shim's */
	ldr	x0, [x14, x10, lsl #3]
	stur	w3, [x0, #-4]
	stp	x0, x1, [x11]
	mov	w0, #10
	str	w0, [x11, #16]
	add	x11, x11, #TP_FUNC_SIZE
	add	x12, x12, #STATE_SIZE
	add	x13, x13, #24
	add	x10, x10, #1
	b	2b
3:	str	xzr, [x11]				/* NULL terminator */
	addr	x11, tp_funcs
	addr	x12, __tracepoint_tpsim
	str	x11, [x12, #TP_FUNCS]

	/* The outgoing stack image, 16-byte aligned at the call. */
	ldr	x10, [x9, #D_NFRAME * W]
	mov	x11, sp
	sub	x11, x11, x10, lsl #3
	and	x11, x11, #~15
	mov	sp, x11
	add	x12, x9, #D_FRAME * W
4:	cbz	x10, 5f
	sub	x10, x10, #1
	ldr	x13, [x12, x10, lsl #3]
	str	x13, [x11, x10, lsl #3]
	b	4b
5:	addr	x12, site_sp
	str	x11, [x12]

	add	x10, x9, #D_SEEDS * W
	ldp	x19, x20, [x10, #0]
	ldp	x21, x22, [x10, #16]
	ldp	x23, x24, [x10, #32]
	ldp	x25, x26, [x10, #48]
	ldp	x27, x28, [x10, #64]
	ldr	x29, [x10, #80]
	ldp	d8, d9, [x10, #96]			/* D_FPSEEDS: the FP seeds go straight to d8-d15 */
	ldp	d10, d11, [x10, #112]
	ldp	d12, d13, [x10, #128]
	ldp	d14, d15, [x10, #144]
	ldp	x0, x1, [x9, #(D_REGS + 0) * W]
	ldp	x2, x3, [x9, #(D_REGS + 2) * W]
	ldp	x4, x5, [x9, #(D_REGS + 4) * W]
	ldp	x6, x7, [x9, #(D_REGS + 6) * W]
	ldr	x16, [x9, #D_SITE * W]
	blr	x16

	/* The site's own balance: a check the shims cannot make. */
	addr	x9, harness_desc
	mov	x0, #(K_SITE * 8)
	addr	x10, site_sp
	ldr	x10, [x10]
	ldr	x11, [x9, #D_SITEPOP * W]		/* a callee-pop site would pop its own stack arguments */
	add	x10, x10, x11
	mov	x11, sp
	cmp	x10, x11
	b.ne	do_exit
	add	x10, x9, #D_SEEDS * W
	ldp	x11, x12, [x10, #0]
	cmp	x19, x11
	ccmp	x20, x12, #0, eq
	ldp	x11, x12, [x10, #16]
	ccmp	x21, x11, #0, eq
	ccmp	x22, x12, #0, eq
	ldp	x11, x12, [x10, #32]
	ccmp	x23, x11, #0, eq
	ccmp	x24, x12, #0, eq
	ldp	x11, x12, [x10, #48]
	ccmp	x25, x11, #0, eq
	ccmp	x26, x12, #0, eq
	ldp	x11, x12, [x10, #64]
	ccmp	x27, x11, #0, eq
	ccmp	x28, x12, #0, eq
	ldr	x11, [x10, #80]
	ccmp	x29, x11, #0, eq
	addr	x11, harness_scs			/* x18 was seeded with the shadow stack, not from the descriptor */
	ccmp	x18, x11, #0, eq
	b.ne	do_exit
	add	x10, x9, #D_FPSEEDS * W
	.irp	d, 8,9,10,11,12,13,14,15
	ldr	x11, [x10, #(\d - 8) * W]
	fmov	x12, d\d
	cmp	x11, x12
	b.ne	do_exit
	.endr
	mov	x0, #(K_MISSING * 8)
	addr	x10, calls_done
	ldr	x10, [x10]
	ldr	x11, [x9, #D_NENTRIES * W]
	cmp	x10, x11
	b.ne	6f
	mov	x0, #0
	b	do_exit
6:	add	x0, x0, x10				/* the first call that never happened */
	b	do_exit
bad_desc:
	mov	x0, #1
do_exit:
	mov	x8, #SYS_exit_group			/* exit_group(status) */
	svc	#0
	brk	#0
	.size	_start, . - _start

/* At a callee's entry: x17 = this entry's state, x16 = its landing. x0-x8 and the stack are untouched. */
shim_enter:
	mov	x9, sp
	stp	x9, x30, [x17, #ST_SP]			/* ST_SP, ST_RET */
	mov	x30, x16
	stp	x19, x20, [x17, #ST_X19 + 0]
	stp	x21, x22, [x17, #ST_X19 + 16]
	stp	x23, x24, [x17, #ST_X19 + 32]
	stp	x25, x26, [x17, #ST_X19 + 48]
	stp	x27, x28, [x17, #ST_X19 + 64]
	str	x29, [x17, #ST_X19 + 80]
	str	x18, [x17, #ST_X18]
	stp	d8, d9, [x17, #ST_D8 + 0]
	stp	d10, d11, [x17, #ST_D8 + 16]
	stp	d12, d13, [x17, #ST_D8 + 32]
	stp	d14, d15, [x17, #ST_D8 + 48]
	addr	x10, harness_desc
	ldr	x10, [x10, #D_SNAPBASE * W]		/* above the incoming stack arguments */
	add	x11, x10, #SNAP
	stp	x10, x11, [x17, #ST_BASE]		/* ST_BASE, ST_END */
	add	x12, x17, #ST_SNAP
1:	ldr	x13, [x9, x10]
	str	x13, [x12, x10]
	add	x10, x10, #8
	cmp	x10, x11
	b.lo	1b
	ldr	x16, [x17, #ST_CALLEE]
	br	x16

/* At a callee's exact return, from slot 0 of its landing: x17 = state. Only x9-x17 are used. */
shim_check:
	addr	x15, harness_desc
	mov	x9, #(K_SP * 8)
	ldr	x10, [x17, #ST_SP]
	ldr	x11, [x15, #D_CALLEEPOP * W]
	add	x10, x10, x11
	mov	x11, sp
	cmp	x10, x11
	b.ne	shim_fail
	mov	x9, #(K_SAVED * 8)
	ldp	x10, x11, [x17, #ST_X19 + 0]
	cmp	x19, x10
	ccmp	x20, x11, #0, eq
	ldp	x10, x11, [x17, #ST_X19 + 16]
	ccmp	x21, x10, #0, eq
	ccmp	x22, x11, #0, eq
	ldp	x10, x11, [x17, #ST_X19 + 32]
	ccmp	x23, x10, #0, eq
	ccmp	x24, x11, #0, eq
	ldp	x10, x11, [x17, #ST_X19 + 48]
	ccmp	x25, x10, #0, eq
	ccmp	x26, x11, #0, eq
	ldp	x10, x11, [x17, #ST_X19 + 64]
	ccmp	x27, x10, #0, eq
	ccmp	x28, x11, #0, eq
	ldr	x10, [x17, #ST_X19 + 80]
	ccmp	x29, x10, #0, eq
	ldr	x10, [x17, #ST_X18]
	ccmp	x18, x10, #0, eq
	b.ne	shim_saved_fail
	.irp	d, 8,9,10,11,12,13,14,15
	ldr	x10, [x17, #ST_D8 + (\d - 8) * W]
	fmov	x11, d\d
	cmp	x10, x11
	b.ne	shim_saved_fail
	.endr
	mov	x9, #(K_FRAME * 8)
	ldp	x10, x11, [x17, #ST_BASE]
	ldr	x12, [x17, #ST_SP]
	add	x13, x17, #ST_SNAP
3:	ldr	x14, [x12, x10]
	ldr	x16, [x13, x10]
	cmp	x14, x16
	b.ne	shim_fail
	add	x10, x10, #8
	cmp	x10, x11
	b.lo	3b
	mov	x9, #(K_ARG * 8)
	addr	x12, probe_calls
	ldr	x10, [x12]
	addr	x13, tp_log_len
	ldr	x13, [x13]
	ldr	x11, [x17, #ST_PROBE]
	cbz	x11, 5f
	add	x11, x10, #1				/* a probe appends exactly one record */
	cmp	x13, x11
	b.ne	shim_fail
	mov	x11, #TP_RECORD_SIZE
	addr	x13, tp_log
	madd	x13, x10, x11, x13
	ldr	x11, [x15, #D_NARGS * W]
	ldp	x14, x16, [x13]				/* probe, data */
	cmp	x14, x11
	b.ne	shim_fail
	ldr	x14, [x17, #ST_DATA]
	cmp	x14, x16
	b.ne	shim_fail
	add	x13, x13, #16
	add	x15, x15, #D_ARGS * W
	mov	x14, #0
4:	cmp	x14, x11
	b.hs	6f
	ldr	x16, [x15, x14, lsl #3]
	ldr	x10, [x13, x14, lsl #3]
	cmp	x10, x16
	b.ne	shim_fail
	add	x14, x14, #1
	b	4b
6:	ldr	x10, [x12]
	add	x10, x10, #1
	str	x10, [x12]
	b	7f
5:	cmp	x13, x10				/* a stub records nothing */
	b.ne	shim_fail
7:	addr	x12, calls_done
	ldr	x10, [x12]
	add	x10, x10, #1
	str	x10, [x12]
	/*
	 * progress: one byte (the call's index) on stdout per call that passed,
	 * so a trap, fault or timeout later can be placed at the same call as in
	 * tpsim. The syscall needs x0-x2 and x8, which the site gets back as the
	 * callee left them: they wait in x9-x12 (the kernel changes only x0).
	 */
	ldr	x13, [x17, #ST_INDEX]
	addr	x14, progress_byte
	strb	w13, [x14]
	mov	x9, x0
	mov	x10, x1
	mov	x11, x2
	mov	x12, x8
	mov	x0, #1					/* write(1, &progress_byte, 1) */
	mov	x1, x14
	mov	x2, #1
	mov	x8, #SYS_write
	svc	#0
	mov	x0, x9
	mov	x1, x10
	mov	x2, x11
	mov	x8, x12
	ldr	x16, [x17, #ST_RET]
	ret	x16					/* back to the site, as its callee's ret would */

/*
 * A callee-saved register changed: x9 = kind, x17 = state, and every
 * callee-saved register is as the callee left it. The R_SAVED report gives
 * them at the entry and now; write changes only x0.
 */
shim_saved_fail:
	stp	x19, x20, [x17, #ST_NOW + 0]
	stp	x21, x22, [x17, #ST_NOW + 16]
	stp	x23, x24, [x17, #ST_NOW + 32]
	stp	x25, x26, [x17, #ST_NOW + 48]
	stp	x27, x28, [x17, #ST_NOW + 64]
	stp	x29, x18, [x17, #ST_NOW + 80]
	stp	d8, d9, [x17, #ST_NOW + 96]
	stp	d10, d11, [x17, #ST_NOW + 112]
	stp	d12, d13, [x17, #ST_NOW + 128]
	stp	d14, d15, [x17, #ST_NOW + 144]
	mov	w10, #R_SAVED
	addr	x1, progress_byte
	strb	w10, [x1]
	mov	x0, #1
	mov	x2, #1
	mov	x8, #SYS_write
	svc	#0
	mov	x0, #1
	add	x1, x17, #ST_X19
	mov	x2, #(2 * NSAVED * W)
	svc	#0
	b	shim_fail

/*
 * A trap or fault signal, on the signal stack: x0 = signal, x1 = siginfo,
 * x2 = ucontext. Writes the R_SIGNAL report and exits with 128 + signal.
 */
	.type	on_signal, %function
on_signal:
	hint	#34					/* bti c: signal delivery enters as by blr */
	mov	x19, x0
	mov	x20, x1
	mov	x21, x2
	mov	w10, #R_SIGNAL
	addr	x1, progress_byte
	strb	w10, [x1]
	mov	x0, #1
	mov	x2, #1
	mov	x8, #SYS_write
	svc	#0
	mov	x0, #1
	mov	x1, x20
	mov	x2, #SIGINFO_BYTES
	svc	#0
	mov	x0, #1
	mov	x1, x21
	mov	x2, #CONTEXT_BYTES
	svc	#0
	addr	x9, calls_done				/* the pending call's state: calls do not nest */
	ldr	x9, [x9]
	mov	x10, #STATE_SIZE
	addr	x1, shim_state
	madd	x1, x9, x10, x1
	add	x1, x1, #ST_RET
	mov	x0, #1
	mov	x2, #W
	svc	#0
	add	x0, x19, #128
	mov	x8, #SYS_exit_group
	svc	#0
	brk	#0
	.size	on_signal, . - on_signal

/* Every other slot of a landing: the callee returned to the wrong address. x17 = state. */
shim_wrong_return:
	mov	x9, #(K_RETURN * 8)
shim_fail:
	ldr	x10, [x17, #ST_INDEX]
	add	x0, x9, x10
	b	do_exit

/*
 * The shims sit in a writable text section because of kCFI: a -fsanitize=kcfi
 * site checks the type hash in the 4 bytes before the function it calls, and
 * here it calls a shim. _start copies those 4 bytes from the real callee into
 * the slot before each shim, so the check passes or traps exactly as it would
 * on the callee itself (a probe's hash matches; the untyped stub's does not).
 */
	.section .text.tpsim_shims, "awx", %progbits
	.irp	i, 0,1,2,3,4,5,6,7
	.p2align 3
	.long	0					/* the callee's kCFI type hash, copied at start */
shim_entry_\i:
	hint	#34					/* bti c: the site reaches every shim by blr */
	addr	x17, shim_state+\i*STATE_SIZE
	adr	x16, shim_land_\i
	b	shim_enter
	.rept	4					/* a return a few instructions short fails too */
	b	2f
	.endr
shim_land_\i:
	b	1f
	.rept	7
	b	2f
	.endr
1:	addr	x17, shim_state+\i*STATE_SIZE
	b	shim_check
2:	addr	x17, shim_state+\i*STATE_SIZE
	b	shim_wrong_return
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
	.p2align 3
tp_funcs:	.zero	TP_FUNC_SIZE * (NSHIMS + 1)
site_sp:	.zero	8
calls_done:	.zero	8
probe_calls:	.zero	8
progress_byte:	.zero	8
sig_stack_t:	.zero	24
sig_action:	.zero	32
	.p2align 4
shim_state:	.zero	STATE_SIZE * NSHIMS
	.p2align 4
harness_scs:	.zero	4096				/* the shadow call stack grows upward */
	.p2align 4
harness_sigstack: .zero	SIGSTACK_SIZE			/* below harness_stack: a dump past a frame stays mapped */
harness_stack:	.zero	65536
harness_stack_top:
	.section .note.GNU-stack, "", @progbits
