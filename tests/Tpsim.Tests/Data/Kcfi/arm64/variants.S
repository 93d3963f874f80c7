/*
 * kCFI checks in the forms clang-19 emits when the call target is in x16 or x17, the check's usual
 * scratch registers (as clang-19 -O2 compiles a call through a register variable pinned there): the
 * check then loads into w9, or builds the hash in w9, and the brk immediate names the registers it used.
 * The move of the target into place is ours. Each function takes the call target as its first argument;
 * the hash is that of void (void *, long, long).
 */
	.text

/* Target in x16: ldur w9; brk #(0x8000 | 17 << 5 | 16). */
	.globl	tp_variant_x16
	.type	tp_variant_x16, %function
tp_variant_x16:
	mov	x16, x0
	ldur	w9, [x16, #-4]
	movk	w17, #0x5552
	movk	w17, #0x1125, lsl #16
	cmp	w9, w17
	b.eq	1f
	brk	#0x8230
1:	br	x16
	.size	tp_variant_x16, . - tp_variant_x16

/* Target in x17: hash built in w9; brk #(0x8000 | 9 << 5 | 17). */
	.globl	tp_variant_x17
	.type	tp_variant_x17, %function
tp_variant_x17:
	mov	x17, x0
	ldur	w16, [x17, #-4]
	movk	w9, #0x5552
	movk	w9, #0x1125, lsl #16
	cmp	w16, w9
	b.eq	1f
	brk	#0x8131
1:	br	x17
	.size	tp_variant_x17, . - tp_variant_x17
