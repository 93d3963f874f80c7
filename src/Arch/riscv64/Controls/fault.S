/*
 * what: reads unmapped address 0x10
 * expect: fault
 * args: 8
 */
	.text
	.globl	tp_stub_func
	.type	tp_stub_func, @function
tp_stub_func:
	li	t0, 0x10
	ld	t0, 0(t0)
	ret
	.size	tp_stub_func, . - tp_stub_func
