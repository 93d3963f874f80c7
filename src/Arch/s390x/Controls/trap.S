/*
 * what: executes the invalid halfword 0x0000 (opcode 0x00 is unassigned)
 * expect: trap
 * args: 8
 */
	.text
	.globl	tp_stub_func
	.type	tp_stub_func, @function
tp_stub_func:
	.short	0x0000
	.size	tp_stub_func, . - tp_stub_func
