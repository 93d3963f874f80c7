/*
 * what: reads unmapped address 0x10
 * expect: fault
 * args: 8
 */
	.text
	.globl	tp_stub_func
	.type	tp_stub_func, @function
tp_stub_func:
	lg	%r2, 16
	br	%r14
	.size	tp_stub_func, . - tp_stub_func
