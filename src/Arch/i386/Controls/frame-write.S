/*
 * what: writes 4 bytes at esp+0x200, above any incoming-argument area, into the caller's frame
 * expect: unbalanced caller-frame
 * args: 8
 */
	.text
	.globl	tp_stub_func
	.type	tp_stub_func, @function
tp_stub_func:
	movl	$0x5a5a, 0x200(%esp)
	retl
	.size	tp_stub_func, . - tp_stub_func
