/* The tail of a kCFI check (je over a ud2) without the movl/addl that make it one: not a kCFI trap. */
	.text
	.globl	tp_stub_func
	.type	tp_stub_func, @function
tp_stub_func:
	testq	%rsp, %rsp
	je	1f
	ud2
1:	ret
	.size	tp_stub_func, . - tp_stub_func
