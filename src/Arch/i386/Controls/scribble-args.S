/*
 * what: overwrites its own first five incoming stack-argument slots, which the callee owns: balanced with a site that re-stores them before each call, unbalanced (argument) with one that does not
 * expect: balanced
 * args: 12
 */
	.text
	.globl	tp_stub_func
	.type	tp_stub_func, @function
tp_stub_func:
	movl	$0xbad, %eax
	movl	%eax, 4(%esp)
	movl	%eax, 8(%esp)
	movl	%eax, 12(%esp)
	movl	%eax, 16(%esp)
	movl	%eax, 20(%esp)
	retl
	.size	tp_stub_func, . - tp_stub_func
