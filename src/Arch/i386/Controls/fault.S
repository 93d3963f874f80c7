/*
 * what: reads unmapped address 0x10
 * expect: fault
 * args: 8
 */
	.text
	.globl	tp_stub_func
	.type	tp_stub_func, @function
tp_stub_func:
	movl	0x10, %eax
	retl
	.size	tp_stub_func, . - tp_stub_func
