/*
 * what: executes udf #0x12, the encoding of the kernel's BUG() in ARM state (BUG_INSTR_VALUE 0xe7f001f2)
 * expect: trap
 * args: 8
 */
	.syntax	unified
	.arm
	.text
	.globl	tp_stub_func
	.type	tp_stub_func, %function
tp_stub_func:
	udf	#0x12
	.size	tp_stub_func, . - tp_stub_func
