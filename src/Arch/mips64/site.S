/*
 * Hand-written tracepoint call site for mips64 (n64), the same walk as the
 * kernel's __traceiter_<name>, but with the argument count chosen at run time:
 *
 *   void tp_asm_site(long nargs, const long argv[12])	nargs in a0, argv in a1
 *   for (it = __tracepoint_tpsim.funcs; it && it->func; it++)
 *           it->func(it->data, argv[0], ..., argv[nargs - 1]);
 *
 * data goes in a0 and a1..a7 in a1..a7 ($5-$11); a8.. go in 8-byte slots at
 * 0($sp) upward (n64 reserves no home area for register arguments), with the
 * outgoing area rounded up to keep sp 16-byte aligned. The callee owns the
 * slots and may overwrite them, so they are stored again before every call.
 * Built with -DTP_SITE_NO_RESTORE it stores them only once, before the first
 * call: the broken site that the scribble-args control needs to show why the
 * re-store matters.
 *
 * Delay slots are filled by hand (.set noreorder): it->data is loaded into a0
 * in the delay slot of the jalr, which runs before the callee's first
 * instruction, as the compilers' own delay-slot scheduling does; jalr sets ra
 * to the instruction after the slot.
 */

/* argv[7..] -> the outgoing slots at 0($sp); s2 = bytes to store; clobbers $12-$14. */
	.macro	store_stack_args
	move	$12, $zero
1:	sltu	$13, $12, $18
	beqz	$13, 2f
	daddu	$13, $17, $12
	ld	$13, 56($13)
	daddu	$14, $sp, $12
	sd	$13, 0($14)
	b	1b
	daddiu	$12, $12, 8
2:
	.endm

	.set	noreorder
	.text
	.globl	tp_asm_site
	.type	tp_asm_site, @function
tp_asm_site:
	daddiu	$sp, $sp, -48
	sd	$ra, 40($sp)
	sd	$s0, 32($sp)
	sd	$s1, 24($sp)
	sd	$s2, 16($sp)
	sd	$s3, 8($sp)
	move	$s3, $sp			/* frame base */
	move	$s1, $a1			/* argv */
	daddiu	$s2, $a0, -7			/* stack slots: max(0, nargs - 7), in bytes */
	bgtz	$s2, 1f
	nop
	move	$s2, $zero
1:	dsll	$s2, $s2, 3
	daddiu	$12, $s2, 15			/* the outgoing area, rounded up to 16 */
	li	$13, -16
	and	$12, $12, $13
	dsubu	$sp, $sp, $12
	/* s0 = __tracepoint_tpsim.funcs, at offset 16: the full 64-bit address sequence */
	lui	$12, %highest(__tracepoint_tpsim + 16)
	daddiu	$12, $12, %higher(__tracepoint_tpsim + 16)
	dsll	$12, $12, 16
	daddiu	$12, $12, %hi(__tracepoint_tpsim + 16)
	dsll	$12, $12, 16
	ld	$s0, %lo(__tracepoint_tpsim + 16)($12)
	beqz	$s0, .Ldone
	nop
#ifdef TP_SITE_NO_RESTORE
	store_stack_args
#endif
.Lloop:
#ifndef TP_SITE_NO_RESTORE
	store_stack_args
#endif
	ld	$a1, 0($s1)
	ld	$a2, 8($s1)
	ld	$a3, 16($s1)
	ld	$8, 24($s1)			/* a4 */
	ld	$9, 32($s1)			/* a5 */
	ld	$10, 40($s1)			/* a6 */
	ld	$11, 48($s1)			/* a7 */
	ld	$t9, 0($s0)			/* it->func */
	jalr	$t9
	ld	$a0, 8($s0)			/* it->data, in the delay slot */
	daddiu	$s0, $s0, 24			/* sizeof(struct tracepoint_func) */
	ld	$12, 0($s0)
	bnez	$12, .Lloop
	nop
.Ldone:
	move	$sp, $s3
	ld	$ra, 40($sp)
	ld	$s0, 32($sp)
	ld	$s1, 24($sp)
	ld	$s2, 16($sp)
	ld	$s3, 8($sp)
	jr	$ra
	daddiu	$sp, $sp, 48
	.size	tp_asm_site, . - tp_asm_site
