/*
 * what: clobbers callee-saved ebx
 * expect: unbalanced callee-saved
 * args: 8
 */
	.text
	.globl	tp_stub_func
	.type	tp_stub_func, @function
tp_stub_func:
	movl	$0xdeadbeef, %ebx
	retl
	.size	tp_stub_func, . - tp_stub_func
