/*
 * what: executes ebreak
 * expect: trap
 * args: 8
 */
	.text
	.globl	tp_stub_func
	.type	tp_stub_func, @function
tp_stub_func:
	.option	push
	.option	norvc
	ebreak
	.option	pop
	.size	tp_stub_func, . - tp_stub_func
