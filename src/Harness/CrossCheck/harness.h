/*
 * Shared by every CrossCheck/<isa>/harness.S, which defines W (its word size
 * in bytes) and includes this file; OracleExecutor splices it in.
 *
 * The case descriptor, read from standard input: word indexes, as
 * KernelSim/CrossCheck/CaseDescriptor.cs writes them (words of W bytes in
 * the ISA's byte order).
 */
#define D_NARGS		0	/* what each probe records as its argument count */
#define D_NENTRIES	1	/* array entries, 1..NSHIMS */
#define D_SNAPBASE	2	/* bytes from a callee's entry SP to the caller frame it must leave alone */
#define D_SITE		3	/* the site's function pointer */
#define D_NFRAME	4	/* words of the outgoing stack image */
#define D_SITEPOP	5	/* bytes the site pops on return (i386 -mrtd) */
#define D_CALLEEPOP	6	/* bytes each callee must pop on return */
#define D_MAGIC		7
#define D_REGS		8	/* 8 words: the site's register arguments */
#define D_FRAME		16	/* 32 words: the stack at the call, from SP up */
#define D_ENTRIES	48	/* 8 x {function pointer, data, is-probe} */
#define D_ARGS		72	/* 16 words: what a probe must record */
#define D_SEEDS		88	/* 32 words: callee-saved seeds, general then floating-point */
#define D_WORDS		120
#define DESC_MAGIC	0x7470736d

/* Array entries the harness has shims for. */
#define NSHIMS		8

/* Exit status = kind * 8 + the first violating call; 0 balanced, 1 bad descriptor. */
#define K_RETURN	1	/* return-address */
#define K_SP		2	/* stack-pointer */
#define K_SAVED		3	/* callee-saved */
#define K_FRAME		4	/* caller-frame */
#define K_ARG		5	/* argument: the probe log is wrong */
#define K_MISSING	6	/* missing-call */
#define K_SITE		7	/* the site itself returned with SP or a callee-saved register changed */
#define K_FLAGS		8	/* flags: the callee returned with a flag set the ABI wants clear (x86 DF) */

/* struct tp_record of probes.c: long probe; void *data; long args[TP_LOG_ARGS]. */
#define TP_LOG_ARGS	16
#define TP_RECORD_SIZE	((2 + TP_LOG_ARGS) * W)

/*
 * Standard output: one byte per call that passed its checks (the call's
 * index, below NSHIMS), then at most one report, opened by a byte that no
 * call index can be, for what the exit status cannot carry:
 *   R_SAVED   a callee-saved check failed: the callee-saved registers at the
 *             callee's entry, then at its return, as words in Abi.CalleeSaved
 *             order, so the oracle names the register that changed
 *   R_SIGNAL  a trap or fault signal reached the harness's handler (on a
 *             stack of its own): SIGINFO_BYTES of its siginfo_t, then
 *             CONTEXT_BYTES from its ucontext_t, then one word: the return
 *             address the pending call's shim saved (ST_RET of the state of
 *             call calls_done; 0 before it is entered), which a shim_land*
 *             address stands for. The handler then exits with 128 + the
 *             signal, the status a kill by it reads as
 */
#define R_SAVED		0x52
#define R_SIGNAL	0x53
#define SIGINFO_BYTES	128
#define CONTEXT_BYTES	1024
#define SIGSTACK_SIZE	32768
