/*
 * what: clobbers callee-saved rbx
 * expect: unbalanced callee-saved
 * args: 8
 */
	.text
	.globl	tp_stub_func
	.type	tp_stub_func, @function
tp_stub_func:
	movabsq	$0xdeadbeefdeadbeef, %rbx
	retq
	.size	tp_stub_func, . - tp_stub_func
