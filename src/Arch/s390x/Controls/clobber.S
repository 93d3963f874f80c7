/*
 * what: clobbers r6, which is callee-saved although it also carries the fifth argument
 * expect: unbalanced callee-saved
 * args: 8
 */
	.text
	.globl	tp_stub_func
	.type	tp_stub_func, @function
tp_stub_func:
	lgfi	%r6, 0xdead
	br	%r14
	.size	tp_stub_func, . - tp_stub_func
