// One function per relocation type; each returns in v0 a value that depends on the relocated field
// only. Data fields are read back by the CPU itself (ld, lwu, lhu), whose big-endian loads check the
// byte order the loader wrote them in. Branch targets that must be near sit in their own section, so
// the assembler leaves the relocation to the loader. Delay slots are filled by hand.
	.set	noreorder
	.text
	// %hi/%lo, as GCC's -msym32 code builds an address
	.globl	r_hi16
r_hi16:
	lui	$v0, %hi(helper_value + 8)
	jr	$ra
	daddiu	$v0, $v0, %lo(helper_value + 8)

	// An addend whose low half is 0x8000 or more: %hi must carry into the upper half.
	.globl	r_hi16_carry
r_hi16_carry:
	lui	$v0, %hi(helper_value + 0x8000)
	jr	$ra
	daddiu	$v0, $v0, %lo(helper_value + 0x8000)

	// %lo in a load's offset
	.globl	r_lo16_load
r_lo16_load:
	lui	$12, %hi(helper_value + 8)
	jr	$ra
	ld	$v0, %lo(helper_value + 8)($12)

	// the full 64-bit sequence clang builds without -msym32
	.globl	r_highest
r_highest:
	lui	$v0, %highest(helper_value + 16)
	daddiu	$v0, $v0, %higher(helper_value + 16)
	dsll	$v0, $v0, 16
	daddiu	$v0, $v0, %hi(helper_value + 16)
	dsll	$v0, $v0, 16
	jr	$ra
	daddiu	$v0, $v0, %lo(helper_value + 16)

	// the same sequence for a symbol above 2^47: every part and every carry counts
	.globl	r_highest_far
r_highest_far:
	lui	$v0, %highest(host_high)
	daddiu	$v0, $v0, %higher(host_high)
	dsll	$v0, $v0, 16
	daddiu	$v0, $v0, %hi(host_high)
	dsll	$v0, $v0, 16
	jr	$ra
	daddiu	$v0, $v0, %lo(host_high)

	.globl	r_26
r_26:
	move	$13, $ra
	jal	helper_fn
	nop
	move	$ra, $13
	jr	$ra
	daddiu	$v0, $v0, 1

	.globl	r_26_tail
r_26_tail:
	j	helper_fn
	nop

	.globl	r_pc16
r_pc16:
	b	near_fn
	nop

	.globl	r_pc16_bal
r_pc16_bal:
	move	$13, $ra
	bal	near_fn
	nop
	move	$ra, $13
	jr	$ra
	daddiu	$v0, $v0, 2

	// R_MIPS_JALR marks the jalr as a call of helper_fn; the jalr itself must stay as it is.
	.globl	r_jalr
r_jalr:
	move	$13, $ra
	lui	$25, %hi(helper_fn)
	daddiu	$25, $25, %lo(helper_fn)
	.reloc	1f, R_MIPS_JALR, helper_fn
1:	jalr	$25
	nop
	move	$ra, $13
	jr	$ra
	daddiu	$v0, $v0, 3

	.globl	r_64
r_64:
	lui	$12, %hi(d_64)
	jr	$ra
	ld	$v0, %lo(d_64)($12)

	.globl	r_32
r_32:
	lui	$12, %hi(d_32)
	jr	$ra
	lwu	$v0, %lo(d_32)($12)

	.globl	r_pc32
r_pc32:
	lui	$12, %hi(d_pc32)
	jr	$ra
	lwu	$v0, %lo(d_pc32)($12)

	.globl	r_16
r_16:
	lui	$12, %hi(d_16)
	jr	$ra
	lhu	$v0, %lo(d_16)($12)

	.section .text.near, "ax", @progbits
	.globl	near_fn
near_fn:
	jr	$ra
	li	$v0, 7

	.data
	.balign	8
	.globl	d_64
d_64:
	.quad	helper_value + 8
	.globl	d_32
d_32:
	.4byte	host_low
	.globl	d_pc32
d_pc32:
	.4byte	helper_value - .
	.globl	d_16
d_16:
	.2byte	host_small
