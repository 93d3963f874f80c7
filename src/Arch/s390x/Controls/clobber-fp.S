/*
 * what: clobbers callee-saved f8 (an AFP register)
 * expect: unbalanced callee-saved
 * args: 8
 */
	.text
	.globl	tp_stub_func
	.type	tp_stub_func, @function
tp_stub_func:
	lzdr	%f8
	br	%r14
	.size	tp_stub_func, . - tp_stub_func
