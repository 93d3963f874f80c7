/*
 * what: writes 8 bytes at r15+0x200, above the register save area and any stack argument, into the caller's frame
 * expect: unbalanced caller-frame
 * args: 8
 */
	.text
	.globl	tp_stub_func
	.type	tp_stub_func, @function
tp_stub_func:
	mvghi	0x200(%r15), 0x5a5a
	br	%r14
	.size	tp_stub_func, . - tp_stub_func
