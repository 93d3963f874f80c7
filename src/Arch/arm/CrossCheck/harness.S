/*
 * Native 32-bit Arm (ARMv7-A, AAPCS-linux, soft-float) harness for tpsim's
 * cross-check: a freestanding static program (no libc) that runs one stub
 * case under qemu-arm.
 *
 * The case (argument count, site, array entries, seeds) arrives on standard
 * input as tpsim's case descriptor (KernelSim/CrossCheck/CaseDescriptor.cs:
 * 4-byte little-endian words at the D_* indexes below), so one linked program
 * serves every case of its objects. This file fills struct tracepoint_func
 * entries with per-entry shims, seeds the callee-saved registers r4-r11,
 * calls the site, and exits with exit_group:
 *
 *   status 0                  balanced
 *   status 1                  the descriptor was short or had no magic word
 *   status kind * 8 + call    unbalanced: the first violating call decides
 *   128 + signal              the program crashed (trap / fault)
 *
 * and writes one byte, the call's index, to standard output for each call
 * that passed every check at its return (progress, for a crash or timeout),
 * then the report harness.h describes: the registers of a failed callee-saved
 * check, or the siginfo and ucontext of a trap or fault (pc at offset 92 of
 * the ucontext: uc_mcontext at 20, then trap_no, error_code, oldmask, r0-r15).
 *
 * Each shim, at the callee's entry, records SP, lr, r4-r11 and SNAP bytes
 * above the callee's incoming-argument area, points lr at its own landing,
 * and enters the real callee with bx, so a Thumb function pointer (bit 0 set,
 * the thumb2 build) runs in Thumb state. The shims and landings are ARM code
 * at even addresses: a callee's bx lr or pop {pc} interworks back into ARM
 * state, and the check returns to the site through bx with the site's own lr,
 * which carries the Thumb bit when the site is Thumb code.
 *
 * Arm has no pushed return address to count, so the landing is a sled of
 * single-instruction branches: its first word branches to the check, every
 * other word (two before it, seven after it) to an exit with return-address,
 * so a callee that returns a word or a few off is named at its own call
 * instead of running on into unrelated code.
 *
 * The shim has only ip (r12) free at a callee's entry: r0-r3 hold arguments
 * and lr the return address. It parks r0-r3 in its state to use them as
 * scratch while it copies the snapshot and reloads them before the callee
 * runs. At the return r0-r3, ip and lr are the caller's to lose, so the check
 * uses only those. -msoft-float: the kernel ABI has no callee-saved VFP
 * register to seed or compare (Abi.cs), so d8-d15 are left alone.
 */
#define W		4	/* word size */
#include "harness.h"	/* descriptor indexes, exit kinds, record size */

#define STATE_SIZE	0x280
#define SNAP		512

#define ST_CALLEE	0
#define ST_DATA		4
#define ST_PROBE	8
#define ST_INDEX	12
#define ST_LAND		16
#define ST_SP		20
#define ST_RET		24
#define ST_BASE		28
#define ST_ARGS		32	/* r0-r3 while the shim borrows them */
#define ST_SAVED	48	/* r4-r11, in Abi.CalleeSaved order */
#define NSAVED		8
#define ST_NOW		80	/* the same registers at a failed return */
#define ST_SNAP		112	/* indexed by the offset from entry SP + ST_BASE */

#define TP_FUNCS	8	/* struct tracepoint: name, key, funcs */
#define TP_FUNC_SIZE	12	/* struct tracepoint_func: func, data, int prio */

#define NR_READ		3	/* EABI: number in r7, svc #0 */
#define NR_WRITE	4
#define NR_EXIT_GROUP	248
#define NR_RT_SIGACTION	174
#define NR_SIGALTSTACK	186
#define SA_SIGINFO	4
#define SA_ONSTACK	0x08000000

	.syntax	unified
	.arm

/* An absolute address without a literal pool: the program is linked static, not PIC. */
	.macro	addr reg, sym
	movw	\reg, #:lower16:\sym
	movt	\reg, #:upper16:\sym
	.endm

	.text
	.globl	_start
	.type	_start, %function
_start:
	addr	r0, harness_stack_top-1024	/* leave untouched stack above every snapshot */
	bic	sp, r0, #15

	/* SIGILL, SIGTRAP, SIGBUS and SIGSEGV to on_signal, on its own stack: a callee may leave sp anywhere. */
	addr	r0, sig_stack_t				/* stack_t { ss_sp, ss_flags, ss_size } */
	addr	r1, harness_sigstack
	str	r1, [r0]
	mov	r1, #SIGSTACK_SIZE
	str	r1, [r0, #8]
	mov	r1, #0
	mov	r7, #NR_SIGALTSTACK
	svc	#0
	addr	r1, sig_action				/* { handler, flags, restorer, mask } */
	addr	r2, on_signal
	str	r2, [r1]
	mov	r2, #SA_SIGINFO
	orr	r2, r2, #SA_ONSTACK
	str	r2, [r1, #4]
	.irp	sig, 4,5,7,11
	mov	r0, #\sig
	addr	r1, sig_action
	mov	r2, #0
	mov	r3, #8					/* sizeof(sigset_t) */
	mov	r7, #NR_RT_SIGACTION
	svc	#0
	.endr

	/* The descriptor: read(0, ...) until it is whole; a pipe may hand it over in pieces. */
	mov	r4, #0
0:	mov	r0, #0
	addr	r1, harness_desc
	add	r1, r1, r4
	rsbs	r2, r4, #(D_WORDS * W)
	beq	1f
	mov	r7, #NR_READ
	svc	#0
	cmp	r0, #0
	ble	bad_desc
	add	r4, r4, r0
	b	0b
1:	addr	r0, harness_desc
	ldr	r1, [r0, #D_MAGIC * W]
	movw	r2, #0x736d				/* D_MAGIC: "tpsm" */
	movt	r2, #0x7470
	cmp	r1, r2
	bne	bad_desc
	ldr	r1, [r0, #D_NENTRIES * W]
	cmp	r1, #0
	beq	bad_desc
	cmp	r1, #NSHIMS
	bhi	bad_desc
	ldr	r2, [r0, #D_NFRAME * W]
	cmp	r2, #32
	bhi	bad_desc

	/* funcs[i] = { shim i, data i, 10 }; state i = { callee, data, is-probe, index, landing } */
	addr	r2, tp_funcs
	addr	r3, shim_state
	add	r4, r0, #(D_ENTRIES * W)
	addr	r5, shim_table
	mov	r6, #0
2:	cmp	r6, r1
	bhs	3f
	ldr	r7, [r4], #4
	str	r7, [r3, #ST_CALLEE]
	bic	r8, r7, #1				/* the callee's kCFI hash slot (Thumb bit cleared) */
	ldr	r8, [r8, #-4]
	ldr	r7, [r4], #4
	str	r7, [r3, #ST_DATA]
	str	r7, [r2, #4]
	ldr	r7, [r4], #4
	str	r7, [r3, #ST_PROBE]
	str	r6, [r3, #ST_INDEX]
	ldr	r7, [r5], #4
	str	r7, [r2, #0]
	str	r8, [r7, #-4]				/* onto the shim's */
	ldr	r7, [r5], #4
	str	r7, [r3, #ST_LAND]
	mov	r7, #10
	str	r7, [r2, #8]
	add	r2, r2, #TP_FUNC_SIZE
	add	r3, r3, #STATE_SIZE
	add	r6, r6, #1
	b	2b
3:	mov	r7, #0
	str	r7, [r2, #0]				/* NULL terminator */
	addr	r2, tp_funcs
	addr	r3, __tracepoint_tpsim
	str	r2, [r3, #TP_FUNCS]

	/* The outgoing stack image, 16-byte aligned at the call. */
	ldr	r1, [r0, #D_NFRAME * W]
	sub	sp, sp, r1, lsl #2
	bic	sp, sp, #15
	add	r2, r0, #(D_FRAME * W)
	mov	r3, #0
4:	cmp	r3, r1
	bhs	5f
	ldr	r4, [r2, r3, lsl #2]
	str	r4, [sp, r3, lsl #2]
	add	r3, r3, #1
	b	4b
5:	addr	r1, site_sp
	str	sp, [r1]

	add	r1, r0, #(D_SEEDS * W)
	ldm	r1, {r4-r11}
	ldr	r12, [r0, #D_SITE * W]			/* Thumb bit and all: blx picks the state */
	add	r1, r0, #(D_REGS * W)
	ldm	r1, {r0-r3}
	blx	r12

	/* The site's own balance: a check the shims cannot make. */
	mov	r0, #(K_SITE * 8)
	addr	r3, harness_desc
	addr	r1, site_sp
	ldr	r1, [r1]
	ldr	r2, [r3, #D_SITEPOP * W]
	add	r1, r1, r2
	cmp	sp, r1
	bne	do_exit
	add	r3, r3, #(D_SEEDS * W)
	ldm	r3!, {r1, r2}
	cmp	r4, r1
	cmpeq	r5, r2
	ldm	r3!, {r1, r2}
	cmpeq	r6, r1
	cmpeq	r7, r2
	ldm	r3!, {r1, r2}
	cmpeq	r8, r1
	cmpeq	r9, r2
	ldm	r3!, {r1, r2}
	cmpeq	r10, r1
	cmpeq	r11, r2
	bne	do_exit
	mov	r0, #(K_MISSING * 8)
	addr	r3, harness_desc
	ldr	r2, [r3, #D_NENTRIES * W]
	addr	r1, calls_done
	ldr	r1, [r1]
	cmp	r1, r2
	addne	r0, r0, r1				/* the first call that never happened */
	moveq	r0, #0
	b	do_exit
bad_desc:
	mov	r0, #1
do_exit:
	mov	r7, #NR_EXIT_GROUP			/* exit_group(status) */
	svc	#0
	udf	#0
	.size	_start, . - _start

/* At a callee's entry: ip = this entry's state. Argument registers and the stack arguments are untouched. */
	.type	shim_enter, %function
shim_enter:
	str	lr, [r12, #ST_RET]
	str	sp, [r12, #ST_SP]
	add	lr, r12, #ST_SAVED
	stm	lr, {r4-r11}
	add	lr, r12, #ST_ARGS
	stm	lr, {r0-r3}
	addr	r0, harness_desc
	ldr	r0, [r0, #D_SNAPBASE * W]		/* above the incoming stack arguments */
	str	r0, [r12, #ST_BASE]
	add	r0, sp, r0
	add	r1, r12, #ST_SNAP
	mov	r2, #0
1:	ldr	r3, [r0, r2]
	str	r3, [r1, r2]
	add	r2, r2, #4
	cmp	r2, #SNAP
	blo	1b
	ldm	lr, {r0-r3}
	ldr	lr, [r12, #ST_LAND]
	ldr	r12, [r12, #ST_CALLEE]
	bx	r12
	.size	shim_enter, . - shim_enter

/* At a callee's return to the first landing word: ip = state. Only r0-r3, ip and lr are used. */
	.type	shim_check, %function
shim_check:
	ldr	r1, [r12, #ST_SP]
	addr	r2, harness_desc
	ldr	r3, [r2, #D_CALLEEPOP * W]
	add	r1, r1, r3
	mov	r0, #(K_SP * 8)
	cmp	sp, r1
	bne	shim_fail

	add	r1, r12, #ST_SAVED
	ldm	r1!, {r2, r3}
	cmp	r4, r2
	cmpeq	r5, r3
	ldm	r1!, {r2, r3}
	cmpeq	r6, r2
	cmpeq	r7, r3
	ldm	r1!, {r2, r3}
	cmpeq	r8, r2
	cmpeq	r9, r3
	ldm	r1!, {r2, r3}
	cmpeq	r10, r2
	cmpeq	r11, r3
	mov	r0, #(K_SAVED * 8)
	bne	shim_saved_fail

	ldr	r1, [r12, #ST_SP]
	ldr	r3, [r12, #ST_BASE]
	add	r1, r1, r3
	add	r2, r12, #ST_SNAP
	mov	r3, #0
1:	ldr	r0, [r1, r3]
	ldr	lr, [r2, r3]
	cmp	r0, lr
	movne	r0, #(K_FRAME * 8)
	bne	shim_fail
	add	r3, r3, #4
	cmp	r3, #SNAP
	blo	1b

	addr	r1, probe_calls
	ldr	r1, [r1]
	addr	r2, tp_log_len
	ldr	r2, [r2]
	ldr	r3, [r12, #ST_PROBE]
	cmp	r3, #0
	beq	5f
	add	r3, r1, #1				/* a probe appends exactly one record */
	cmp	r2, r3
	bne	arg_fail
	mov	r3, #TP_RECORD_SIZE
	mul	r2, r1, r3
	addr	r3, tp_log
	add	r2, r2, r3
	addr	r3, harness_desc
	ldr	lr, [r3, #D_NARGS * W]
	ldr	r1, [r2], #4				/* record.probe */
	cmp	r1, lr
	bne	arg_fail
	ldr	r1, [r2], #4				/* record.data */
	ldr	r0, [r12, #ST_DATA]
	cmp	r1, r0
	bne	arg_fail
	add	r3, r3, #(D_ARGS * W)
2:	subs	lr, lr, #1
	blo	3f
	ldr	r1, [r2], #4
	ldr	r0, [r3], #4
	cmp	r1, r0
	bne	arg_fail
	b	2b
3:	addr	r1, probe_calls
	ldr	r2, [r1]
	add	r2, r2, #1
	str	r2, [r1]
	b	6f
5:	cmp	r2, r1					/* a stub records nothing */
	bne	arg_fail
6:	addr	r1, calls_done
	ldr	r2, [r1]
	add	r2, r2, #1
	str	r2, [r1]
	/*
	 * progress: one byte (the call's index) on stdout per call that passed,
	 * so a trap, fault or timeout later can be placed at the same call as in
	 * tpsim. EABI wants the syscall number in r7, which is callee-saved: it
	 * waits in lr meanwhile (the kernel changes only r0).
	 */
	ldr	r0, [r12, #ST_INDEX]
	addr	r1, progress_byte
	strb	r0, [r1]
	mov	r0, #1					/* write(1, &progress_byte, 1) */
	mov	r2, #1
	mov	lr, r7
	mov	r7, #NR_WRITE
	svc	#0
	mov	r7, lr
	ldr	r12, [r12, #ST_RET]
	bx	r12					/* back to the site, in its state, as its return would */
arg_fail:
	mov	r0, #(K_ARG * 8)
shim_fail:
	ldr	r1, [r12, #ST_INDEX]
	add	r0, r0, r1
	b	do_exit
	.size	shim_check, . - shim_check

/*
 * A callee-saved register changed: r0 = kind, ip = state, and r4-r11 are as
 * the callee left it. The R_SAVED report gives them at the entry and now;
 * r4-r11 are spent once stored (the program exits), the kernel changes r0.
 */
	.type	shim_saved_fail, %function
shim_saved_fail:
	add	r1, r12, #ST_NOW
	stm	r1, {r4-r11}
	mov	r4, r0
	mov	r0, #R_SAVED
	addr	r1, progress_byte
	strb	r0, [r1]
	mov	r0, #1
	mov	r2, #1
	mov	r7, #NR_WRITE
	svc	#0
	mov	r0, #1
	add	r1, r12, #ST_SAVED
	mov	r2, #(2 * NSAVED * W)
	svc	#0
	mov	r0, r4
	b	shim_fail
	.size	shim_saved_fail, . - shim_saved_fail

/*
 * A trap or fault signal, on the signal stack: r0 = signal, r1 = siginfo,
 * r2 = ucontext. Writes the R_SIGNAL report and exits with 128 + signal.
 */
	.type	on_signal, %function
on_signal:
	mov	r4, r0
	mov	r5, r1
	mov	r6, r2
	mov	r0, #R_SIGNAL
	addr	r1, progress_byte
	strb	r0, [r1]
	mov	r0, #1
	mov	r2, #1
	mov	r7, #NR_WRITE
	svc	#0
	mov	r0, #1
	mov	r1, r5
	mov	r2, #SIGINFO_BYTES
	svc	#0
	mov	r0, #1
	mov	r1, r6
	mov	r2, #CONTEXT_BYTES
	svc	#0
	addr	r1, calls_done				/* the pending call's state: calls do not nest */
	ldr	r1, [r1]
	mov	r2, #STATE_SIZE
	mul	r3, r1, r2
	addr	r2, shim_state + ST_RET
	add	r1, r3, r2
	mov	r0, #1
	mov	r2, #W
	svc	#0
	add	r0, r4, #128
	mov	r7, #NR_EXIT_GROUP
	svc	#0
	udf	#0
	.size	on_signal, . - on_signal

/*
 * The shims sit in a writable text section because of kCFI: a -fsanitize=kcfi
 * site checks the type hash in the 4 bytes before the function it calls (its
 * address with the Thumb bit cleared), and here it calls a shim. _start copies
 * those 4 bytes from the real callee into the slot before each shim, so the
 * check passes or traps exactly as it would on the callee itself (a probe's
 * hash matches; the untyped stub's does not).
 */
	.section .text.tpsim_shims, "awx", %progbits
	.irp	i, 0,1,2,3,4,5,6,7
	.p2align 3
	.long	0					/* the callee's kCFI type hash, copied at start */
	.type	shim_entry_\i, %function
shim_entry_\i:
	addr	r12, shim_state+\i*STATE_SIZE
	b	shim_enter
	.rept	2
	b	shim_wrong_\i				/* returned a word or two short */
	.endr
shim_land_\i:
	b	shim_ok_\i
	.rept	7
	b	shim_wrong_\i				/* returned past the return address */
	.endr
shim_ok_\i:
	addr	r12, shim_state+\i*STATE_SIZE
	b	shim_check
shim_wrong_\i:
	mov	r0, #(K_RETURN * 8 + \i)
	b	do_exit
	.size	shim_entry_\i, . - shim_entry_\i
	.endr

	.section .rodata
	.p2align 2
shim_table:						/* { shim entry, its landing } */
	.irp	i, 0,1,2,3,4,5,6,7
	.word	shim_entry_\i, shim_land_\i
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
progress_byte:	.zero	4
sig_stack_t:	.zero	12
sig_action:	.zero	20
	.p2align 4
shim_state:	.zero	STATE_SIZE * NSHIMS
	.p2align 4
harness_sigstack: .zero	SIGSTACK_SIZE			/* below harness_stack: a dump past a frame stays mapped */
harness_stack:	.zero	65536
harness_stack_top:
	.section .note.GNU-stack, "", %progbits
