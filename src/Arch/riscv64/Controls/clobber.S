/*
 * what: clobbers callee-saved s1
 * expect: unbalanced callee-saved
 * args: 8
 */
	.text
	.globl	tp_stub_func
	.type	tp_stub_func, @function
tp_stub_func:
	li	s1, 0xdead
	ret
	.size	tp_stub_func, . - tp_stub_func
