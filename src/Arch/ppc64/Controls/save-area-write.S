/*
 * what: stores into the CR save and LR save words and the whole 64-byte parameter save area of its caller's frame (8..23 and 48..111 from r1), which ELFv1 gives the callee
 * expect: balanced
 * args: 8
 */
	.section ".opd", "aw"
	.align	3
	.globl	tp_stub_func
	.type	tp_stub_func, @function
tp_stub_func:
	.quad	.L.tp_stub_func, .TOC.@tocbase, 0
	.size	tp_stub_func, 24

	.text
	.align	2
.L.tp_stub_func:
	li	0, 0x5a5
	std	0, 8(1)
	std	0, 16(1)
	std	0, 48(1)
	std	0, 56(1)
	std	0, 64(1)
	std	0, 72(1)
	std	0, 80(1)
	std	0, 88(1)
	std	0, 96(1)
	std	0, 104(1)
	blr
