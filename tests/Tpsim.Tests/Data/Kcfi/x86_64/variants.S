/*
 * kCFI checks in the forms clang-19 emits when the call target sits in a register a C call site rarely
 * picks (checked with llc-19 -O2 on IR calls carrying a "kcfi" operand bundle, the target pinned by an
 * inline-asm constraint). The move of the target into place is ours; the check is byte for byte the
 * compiler's. Each function takes the call target as its first argument; the hash is that of
 * void (void *, long, long).
 */
	.text

/* Target in %r10: the check computes in %r11d instead (41 bb imm32; 45 03 5a fc). */
	.globl	tp_variant_r10
	.type	tp_variant_r10, @function
tp_variant_r10:
	movq	%rdi, %r10
	movl	$0xeedaaaae, %r11d
	addl	-4(%r10), %r11d
	je	1f
	ud2
1:	jmp	*%r10
	.size	tp_variant_r10, . - tp_variant_r10

/* Target in %r12: the addl needs a SIB byte (45 03 54 24 fc). */
	.globl	tp_variant_r12
	.type	tp_variant_r12, @function
tp_variant_r12:
	movq	%rdi, %r12
	movl	$0xeedaaaae, %r10d
	addl	-4(%r12), %r10d
	je	1f
	ud2
1:	jmp	*%r12
	.size	tp_variant_r12, . - tp_variant_r12
