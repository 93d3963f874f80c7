/*
 * what: callee-pop stub: s390x has no popping return, so it adds 8 to r15 before br %r14, leaving r15 8 bytes high
 * expect: unbalanced stack-pointer
 * args: 8
 */
	.text
	.globl	tp_stub_func
	.type	tp_stub_func, @function
tp_stub_func:
	aghi	%r15, 8
	br	%r14
	.size	tp_stub_func, . - tp_stub_func
