/*
 * Native ppc64 (big-endian, ELFv1) harness for tpsim's cross-check: a
 * freestanding static program (no libc) that runs one stub case under
 * qemu-ppc64.
 *
 * The case (argument count, site, array entries, seeds) arrives on standard
 * input as tpsim's case descriptor (KernelSim/CrossCheck/CaseDescriptor.cs:
 * big-endian doublewords at the D_* indexes below), so one linked program
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
 * failed callee-saved check (r13-r31, then cr2-cr4 one field per word), or
 * the siginfo and ucontext of a trap or fault (nip at offset 488 of the
 * ucontext: uc_mcontext at 168, gp_regs at 64 in it, nip gp_regs[32]).
 *
 * ELFv1: every function pointer is the address of a descriptor {entry, TOC,
 * environment} in .opd, so _start, the shims and D_SITE are descriptors, and
 * a call loads the entry into CTR, r2 and r11 from the descriptor. qemu-user
 * does the same for e_entry of an ELFv1 program. The harness never relies on
 * r2: a callee may return with any r2 (the caller reloads its own TOC from
 * 40(r1)), so every harness address is formed absolutely with lis/addi, which
 * the static link at 0x400000 (OracleTarget) keeps below 2 GiB.
 *
 * Each shim, at the callee's entry, records r1, LR, r13-r31, CR, the caller's
 * doublewords in the frame header (back chain, the two reserved doublewords,
 * the TOC save doubleword: 0, 24, 32, 40 from r1) and SNAP bytes from r1 +
 * D_SNAPBASE (above the parameter save area and any stack argument, which
 * the callee owns), sets LR to its own landing and branches to the callee
 * with the callee's TOC and environment, as the site's own call would have.
 * It uses only r0, r2, r11, r12, CTR, LR and cr0, and puts r3-r10 back.
 *
 * The landing is a sled of branches, one instruction slot each: the slot at
 * the landing itself goes to the checks, the slots before and after it to a
 * return-address failure, so a callee that returns a few instructions off
 * its return address is named as such instead of running into other code.
 * After the checks the shim goes on to the real return address with every
 * callee-saved register as the callee left it; the checks use only volatile
 * registers (r0, r3-r12, CTR, LR, cr0).
 *
 * r13 (the thread pointer, the kernel's PACA pointer) is seeded and checked
 * with r14-r31; cr2-cr4 are seeded from one seed word and checked by field.
 * Floating-point registers are neither seeded nor checked: the kernel runs
 * with MSR[FP]=0, tpsim does too, and the ABI model lists none (Abi.cs).
 * This program cannot: qemu-user starts every thread with MSR[FP]=1, a user
 * program cannot clear it, and every 64-bit CPU model of qemu-ppc64 7.2 has
 * an FPU, so an FP instruction in a stub runs here where tpsim (and a
 * kernel) takes an FP-unavailable interrupt. The clobber-fp control shows
 * that difference; the harness does not pretend otherwise.
 */
#define W		8	/* word size */
#include "harness.h"	/* descriptor indexes, exit kinds, record size */
#define DESC(i)		((i) * W)	/* offset from a register holding harness_desc */

#define STATE_SIZE	0x480
#define SNAP		512

#define ST_CALLEE	0	/* the callee's descriptor */
#define ST_DATA		8
#define ST_PROBE	16
#define ST_INDEX	24
#define ST_SP		32
#define ST_RET		40
#define ST_CR		48
#define ST_LOG		56	/* tp_log_len at the entry */
#define ST_FRAME	64	/* address of the first snapshotted caller-frame byte */
#define ST_HDR		72	/* the frame header as at the entry, 48 bytes; only 0, 24, 32 and 40 are kept */
#define ST_ARGS		120	/* r3-r10 while the shim works */
#define ST_GPR		184	/* r13-r31 */
#define ST_SNAP		336
#define ST_NOW		(ST_SNAP + SNAP)	/* r13-r31 at a failed return */
#define ST_CRF		(ST_NOW + 19 * W)	/* cr2-cr4 at the entry, then at the return: a field per word */

#define SYS_READ	3
#define SYS_WRITE	4
#define SYS_EXIT_GROUP	234
#define SYS_RT_SIGACTION 173
#define SYS_SIGALTSTACK	185
#define SA_SIGINFO	4
#define SA_ONSTACK	0x08000000

/* CR bits of cr2-cr4 (IBM bits 8-19 of the 32-bit CR): the callee-saved fields, as an rlwinm mask. */
#define CR_SAVED_MB	8
#define CR_SAVED_ME	19
#define CR_SAVED_FXM	0x38	/* mtcrf field mask: cr2, cr3, cr4 */
#define CR_SEED		19	/* D_SEEDS word for the fields, after r13-r31 */

/* An absolute address; rd must not be r0 (addi reads r0 as zero). */
	.macro	la_abs rd, sym
	lis	\rd, (\sym)@ha
	addi	\rd, \rd, (\sym)@l
	.endm

/* The seed word for cr2-cr4, shifted so its 0xbeef-like low bits land in those fields. */
	.macro	cr_seed rd, desc
	ld	\rd, DESC(D_SEEDS + CR_SEED)(\desc)
	sldi	\rd, \rd, 8
	.endm

	.section ".opd", "aw"
	.align	3
	.globl	_start
	.type	_start, @function
_start:
	.quad	.L._start, .TOC.@tocbase, 0
	.size	_start, 24

	.text
	.align	2
.L._start:
	la_abs	%r1, harness_stack_top - 1024	/* leave untouched stack above every snapshot */
	clrrdi	%r1, %r1, 4

	/* SIGILL, SIGTRAP, SIGBUS and SIGSEGV to on_signal, on its own stack: a callee may leave r1 anywhere. */
	la_abs	%r3, sig_stack_t		/* stack_t { ss_sp, ss_flags, ss_size } */
	la_abs	%r4, harness_sigstack
	std	%r4, 0(%r3)
	lis	%r4, SIGSTACK_SIZE@h
	ori	%r4, %r4, SIGSTACK_SIZE@l
	std	%r4, 16(%r3)
	li	%r4, 0
	li	%r0, SYS_SIGALTSTACK
	sc
	la_abs	%r5, sig_action			/* { handler (a descriptor, ELFv1), flags, restorer, mask } */
	la_abs	%r4, on_signal
	std	%r4, 0(%r5)
	lis	%r4, SA_ONSTACK@h
	ori	%r4, %r4, SA_SIGINFO
	std	%r4, 8(%r5)
	.irp	sig, 4,5,7,11
	li	%r3, \sig
	la_abs	%r4, sig_action
	li	%r5, 0
	li	%r6, 8				/* sizeof(sigset_t) */
	li	%r0, SYS_RT_SIGACTION
	sc
	.endr

	/* The descriptor: read(0, ...) until it is whole; a pipe may hand it over in pieces. */
	li	%r31, 0
0:	li	%r3, 0
	la_abs	%r4, harness_desc
	add	%r4, %r4, %r31
	li	%r5, D_WORDS * W
	subf.	%r5, %r31, %r5
	beq	1f
	li	%r0, SYS_READ
	sc
	bso	bad_desc			/* the kernel's error return: CR0[SO] set, r3 = errno */
	cmpdi	%r3, 0
	ble	bad_desc
	add	%r31, %r31, %r3
	b	0b
1:	la_abs	%r30, harness_desc
	ld	%r3, DESC(D_MAGIC)(%r30)
	lis	%r4, 0x7470
	ori	%r4, %r4, 0x736d
	cmpd	%r3, %r4
	bne	bad_desc
	ld	%r3, DESC(D_NENTRIES)(%r30)
	cmpdi	%r3, 0
	beq	bad_desc
	cmpldi	%r3, NSHIMS
	bgt	bad_desc
	ld	%r3, DESC(D_NFRAME)(%r30)
	cmpldi	%r3, 32
	bgt	bad_desc

	/* funcs[i] = { shim i, data i, 10 }; state i = { callee, data, is-probe, index } */
	li	%r3, 0
	la_abs	%r4, tp_funcs
	la_abs	%r5, shim_state
	addi	%r6, %r30, DESC(D_ENTRIES)
	la_abs	%r7, shim_table
	ld	%r8, DESC(D_NENTRIES)(%r30)
2:	cmpld	%r3, %r8
	bge	3f
	ld	%r9, 0(%r6)
	std	%r9, ST_CALLEE(%r5)
	ld	%r9, 8(%r6)
	std	%r9, ST_DATA(%r5)
	std	%r9, 8(%r4)
	ld	%r9, 16(%r6)
	std	%r9, ST_PROBE(%r5)
	std	%r3, ST_INDEX(%r5)
	sldi	%r9, %r3, 3
	ldx	%r9, %r7, %r9
	std	%r9, 0(%r4)
	li	%r9, 10
	stw	%r9, 16(%r4)
	addi	%r4, %r4, 24			/* sizeof(struct tracepoint_func) */
	addi	%r5, %r5, STATE_SIZE
	addi	%r6, %r6, 24
	addi	%r3, %r3, 1
	b	2b
3:	li	%r9, 0
	std	%r9, 0(%r4)			/* NULL terminator */
	la_abs	%r4, tp_funcs
	la_abs	%r5, __tracepoint_tpsim
	std	%r4, 16(%r5)			/* tp->funcs */

	/* The outgoing stack image (frame header and parameter save area included), 16-byte aligned at the call. */
	ld	%r3, DESC(D_NFRAME)(%r30)
	sldi	%r4, %r3, 3
	subf	%r1, %r4, %r1
	clrrdi	%r1, %r1, 4
	addi	%r5, %r30, DESC(D_FRAME)
4:	cmpdi	%r4, 0
	beq	5f
	addi	%r4, %r4, -8
	ldx	%r6, %r5, %r4
	stdx	%r6, %r1, %r4
	b	4b
5:	la_abs	%r4, site_sp
	std	%r1, 0(%r4)

	cr_seed	%r0, %r30
	mtcrf	CR_SAVED_FXM, %r0
	mr	%r12, %r30
	.irp	n, 13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	ld	%r\n, DESC(D_SEEDS + \n - 13)(%r12)
	.endr
	.irp	n, 3,4,5,6,7,8,9,10
	ld	%r\n, DESC(D_REGS + \n - 3)(%r12)
	.endr
	ld	%r12, DESC(D_SITE)(%r12)	/* the site's descriptor */
	ld	%r0, 0(%r12)
	mtctr	%r0
	ld	%r2, 8(%r12)
	ld	%r11, 16(%r12)
	bctrl

	/* The site's own balance: a check the shims cannot make. */
	li	%r3, K_SITE * 8
	la_abs	%r12, harness_desc
	la_abs	%r4, site_sp
	ld	%r4, 0(%r4)
	ld	%r5, DESC(D_SITEPOP)(%r12)
	add	%r4, %r4, %r5
	cmpd	%r1, %r4
	bne	do_exit
	.irp	n, 13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	ld	%r4, DESC(D_SEEDS + \n - 13)(%r12)
	cmpd	%r\n, %r4
	bne	do_exit
	.endr
	mfcr	%r4
	cr_seed	%r5, %r12
	xor	%r4, %r4, %r5
	rlwinm.	%r4, %r4, 0, CR_SAVED_MB, CR_SAVED_ME
	bne	do_exit
	li	%r3, K_MISSING * 8
	la_abs	%r4, calls_done
	ld	%r4, 0(%r4)
	ld	%r5, DESC(D_NENTRIES)(%r12)
	cmpd	%r4, %r5
	bne	6f
	li	%r3, 0
	b	do_exit
6:	add	%r3, %r3, %r4			/* the first call that never happened */
	b	do_exit
bad_desc:
	li	%r3, 1
do_exit:
	li	%r0, SYS_EXIT_GROUP		/* exit_group(status) */
	sc
	trap

/* At a callee's entry: r12 = this entry's state, r11 = its landing, LR = the site's return address. */
shim_enter:
	.irp	n, 3,4,5,6,7,8,9,10
	std	%r\n, ST_ARGS + (\n - 3) * 8(%r12)
	.endr
	mflr	%r0
	std	%r0, ST_RET(%r12)
	mtlr	%r11
	std	%r1, ST_SP(%r12)
	.irp	n, 13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	std	%r\n, ST_GPR + (\n - 13) * 8(%r12)
	.endr
	mfcr	%r0
	std	%r0, ST_CR(%r12)
	.irp	off, 0, 24, 32, 40		/* back chain, compiler and linker doublewords, TOC save */
	ld	%r0, \off(%r1)
	std	%r0, ST_HDR + \off(%r12)
	.endr
	la_abs	%r3, tp_log_len
	ld	%r3, 0(%r3)
	std	%r3, ST_LOG(%r12)
	la_abs	%r3, harness_desc
	ld	%r3, DESC(D_SNAPBASE)(%r3)	/* above the save area and the incoming stack arguments */
	add	%r3, %r1, %r3
	std	%r3, ST_FRAME(%r12)
	addi	%r4, %r12, ST_SNAP
	li	%r0, SNAP / 8
	mtctr	%r0
1:	ld	%r0, 0(%r3)
	std	%r0, 0(%r4)
	addi	%r3, %r3, 8
	addi	%r4, %r4, 8
	bdnz	1b
	.irp	n, 3,4,5,6,7,8,9,10
	ld	%r\n, ST_ARGS + (\n - 3) * 8(%r12)
	.endr
	ld	%r11, ST_CALLEE(%r12)		/* as the site's call would: entry, TOC, environment */
	ld	%r0, 0(%r11)
	mtctr	%r0
	ld	%r2, 8(%r11)
	ld	%r11, 16(%r11)
	bctr

/* At a callee's return to its landing: r12 = state. Only volatile registers are used. */
shim_check:
	li	%r3, K_SP * 8
	la_abs	%r10, harness_desc
	ld	%r4, ST_SP(%r12)
	ld	%r5, DESC(D_CALLEEPOP)(%r10)
	add	%r4, %r4, %r5
	cmpd	%r1, %r4
	bne	shim_fail
	li	%r3, K_SAVED * 8
	.irp	n, 13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	ld	%r4, ST_GPR + (\n - 13) * 8(%r12)
	cmpd	%r\n, %r4
	bne	shim_saved_fail
	.endr
	mfcr	%r4
	ld	%r5, ST_CR(%r12)
	xor	%r4, %r4, %r5
	rlwinm.	%r4, %r4, 0, CR_SAVED_MB, CR_SAVED_ME
	bne	shim_saved_fail
	li	%r3, K_FRAME * 8
	ld	%r4, ST_SP(%r12)		/* the entry r1, where the header words were */
	.irp	off, 0, 24, 32, 40
	ld	%r5, \off(%r4)
	ld	%r6, ST_HDR + \off(%r12)
	cmpd	%r5, %r6
	bne	shim_fail
	.endr
	ld	%r4, ST_FRAME(%r12)
	addi	%r5, %r12, ST_SNAP
	li	%r0, SNAP / 8
	mtctr	%r0
1:	ld	%r6, 0(%r4)
	ld	%r7, 0(%r5)
	cmpd	%r6, %r7
	bne	shim_fail
	addi	%r4, %r4, 8
	addi	%r5, %r5, 8
	bdnz	1b
	li	%r3, K_ARG * 8
	la_abs	%r4, tp_log_len
	ld	%r4, 0(%r4)
	ld	%r5, ST_LOG(%r12)
	ld	%r6, ST_PROBE(%r12)
	cmpdi	%r6, 0
	beq	3f
	addi	%r6, %r5, 1			/* a probe appends exactly one record */
	cmpd	%r4, %r6
	bne	shim_fail
	mulli	%r5, %r5, TP_RECORD_SIZE
	la_abs	%r9, tp_log
	add	%r9, %r9, %r5
	ld	%r5, DESC(D_NARGS)(%r10)
	ld	%r6, 0(%r9)
	cmpd	%r6, %r5
	bne	shim_fail
	ld	%r6, 8(%r9)
	ld	%r7, ST_DATA(%r12)
	cmpd	%r6, %r7
	bne	shim_fail
	cmpdi	%r5, 0
	beq	4f
	mtctr	%r5
	addi	%r9, %r9, 16 - 8
	addi	%r10, %r10, DESC(D_ARGS) - 8
2:	ldu	%r6, 8(%r9)
	ldu	%r7, 8(%r10)
	cmpd	%r6, %r7
	bne	shim_fail
	bdnz	2b
	b	4f
3:	cmpd	%r4, %r5			/* a stub records nothing */
	bne	shim_fail
4:	la_abs	%r4, calls_done
	ld	%r5, 0(%r4)
	addi	%r5, %r5, 1
	std	%r5, 0(%r4)
	ld	%r0, ST_RET(%r12)		/* back to the site, as the callee's blr would */
	mtlr	%r0
	/*
	 * progress: one byte (the call's index) on stdout per call that passed,
	 * so a trap, fault or timeout later can be placed at the same call as in
	 * tpsim. sc clobbers r0, r3-r12, CTR, XER and cr0 only (all volatile)
	 * and keeps LR, which already holds the site's return address.
	 */
	ld	%r5, ST_INDEX(%r12)
	la_abs	%r4, progress_byte
	stb	%r5, 0(%r4)
	li	%r3, 1				/* fd 1 */
	li	%r5, 1
	li	%r0, SYS_WRITE
	sc
	blr
shim_wrong:
	li	%r3, K_RETURN * 8
shim_fail:
	ld	%r4, ST_INDEX(%r12)
	add	%r3, %r3, %r4
	b	do_exit

/*
 * A callee-saved register changed: r12 = state, r3 = kind, r13-r31 and
 * cr2-cr4 as the callee left them. The R_SAVED report gives them at the entry
 * and now, each CR field as a word; sc clobbers r0 and r3-r12, so the kind
 * and the state wait in r31 and r30 once those are stored.
 */
shim_saved_fail:
	.irp	n, 13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	std	%r\n, ST_NOW + (\n - 13) * 8(%r12)
	.endr
	mfcr	%r4
	ld	%r5, ST_CR(%r12)
	.irp	f, 2,3,4			/* field f is CR bits 31-4f .. 28-4f, counting from the right */
	srwi	%r6, %r5, 28 - 4 * \f
	andi.	%r6, %r6, 0xf
	std	%r6, ST_CRF + (\f - 2) * 8(%r12)
	srwi	%r6, %r4, 28 - 4 * \f
	andi.	%r6, %r6, 0xf
	std	%r6, ST_CRF + 24 + (\f - 2) * 8(%r12)
	.endr
	mr	%r31, %r3
	mr	%r30, %r12
	la_abs	%r4, progress_byte
	li	%r5, R_SAVED
	stb	%r5, 0(%r4)
	li	%r3, 1
	li	%r5, 1
	li	%r0, SYS_WRITE
	sc
	li	%r3, 1				/* at the entry: r13-r31, then cr2-cr4 */
	addi	%r4, %r30, ST_GPR
	li	%r5, 19 * 8
	li	%r0, SYS_WRITE
	sc
	li	%r3, 1
	addi	%r4, %r30, ST_CRF
	li	%r5, 3 * 8
	li	%r0, SYS_WRITE
	sc
	li	%r3, 1				/* now: the same */
	addi	%r4, %r30, ST_NOW
	li	%r5, 19 * 8
	li	%r0, SYS_WRITE
	sc
	li	%r3, 1
	addi	%r4, %r30, ST_CRF + 24
	li	%r5, 3 * 8
	li	%r0, SYS_WRITE
	sc
	mr	%r3, %r31
	mr	%r12, %r30
	b	shim_fail

/*
 * A trap or fault signal, on the signal stack: r3 = signal, r4 = siginfo,
 * r5 = ucontext. Writes the R_SIGNAL report and exits with 128 + signal.
 * ELFv1: the handler given to rt_sigaction is this descriptor.
 */
	.section ".opd", "aw"
	.align	3
	.type	on_signal, @function
on_signal:
	.quad	.L.on_signal, .TOC.@tocbase, 0
	.size	on_signal, 24
	.text
.L.on_signal:
	mr	%r31, %r3
	mr	%r30, %r4
	mr	%r29, %r5
	la_abs	%r4, progress_byte
	li	%r5, R_SIGNAL
	stb	%r5, 0(%r4)
	li	%r3, 1
	li	%r5, 1
	li	%r0, SYS_WRITE
	sc
	li	%r3, 1
	mr	%r4, %r30
	li	%r5, SIGINFO_BYTES
	li	%r0, SYS_WRITE
	sc
	li	%r3, 1
	mr	%r4, %r29
	li	%r5, CONTEXT_BYTES
	li	%r0, SYS_WRITE
	sc
	la_abs	%r4, calls_done			/* the pending call's state: calls do not nest */
	ld	%r4, 0(%r4)
	mulli	%r4, %r4, STATE_SIZE
	la_abs	%r5, shim_state + ST_RET
	add	%r4, %r4, %r5
	li	%r3, 1
	li	%r5, W
	li	%r0, SYS_WRITE
	sc
	addi	%r3, %r31, 128
	li	%r0, SYS_EXIT_GROUP
	sc
	trap

/*
 * Shim i: its code, two guard slots, the landing, three more guard slots.
 * Its descriptor (shim_i in .opd) is what funcs[i].func points at.
 */
	.irp	i, 0,1,2,3,4,5,6,7
	.section ".opd", "aw"
	.align	3
	.type	shim_\i, @function
shim_\i:
	.quad	.L.shim_\i, .TOC.@tocbase, 0
	.size	shim_\i, 24
	.text
.L.shim_\i:
	la_abs	%r12, shim_state + \i * STATE_SIZE
	la_abs	%r11, shim_land_\i
	b	shim_enter
	b	.Lwrong_\i
	b	.Lwrong_\i
shim_land_\i:
	b	.Lok_\i
	b	.Lwrong_\i
	b	.Lwrong_\i
	b	.Lwrong_\i
.Lok_\i:
	la_abs	%r12, shim_state + \i * STATE_SIZE
	b	shim_check
.Lwrong_\i:
	la_abs	%r12, shim_state + \i * STATE_SIZE
	b	shim_wrong
	.endr

	.section .rodata
	.p2align 3
shim_table:
	.irp	i, 0,1,2,3,4,5,6,7
	.quad	shim_\i
	.endr

	.bss
	.p2align 4
	.globl	harness_desc, harness_args
harness_desc:	.zero	D_WORDS * W
	.set	harness_args, harness_desc + D_ARGS * W	/* tp_asm_site's argv */
tp_funcs:	.zero	24 * (NSHIMS + 1)
site_sp:	.zero	8
calls_done:	.zero	8
progress_byte:	.zero	8
sig_stack_t:	.zero	24
sig_action:	.zero	32
	.p2align 4
shim_state:	.zero	STATE_SIZE * NSHIMS
	.p2align 4
harness_sigstack: .zero	SIGSTACK_SIZE			/* below harness_stack: a dump past a frame stays mapped */
harness_stack:	.zero	65536
harness_stack_top:
	.section .note.GNU-stack, "", @progbits
