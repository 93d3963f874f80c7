/* void tp_stub_func(void) { return; } written by hand for s390x. */
	.text
	.globl	tp_stub_func
	.type	tp_stub_func, @function
tp_stub_func:
	br	%r14
	.size	tp_stub_func, . - tp_stub_func
