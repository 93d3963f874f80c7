/* void tp_stub_func(void) { return; } written by hand for i386. */
	.text
	.globl	tp_stub_func
	.type	tp_stub_func, @function
tp_stub_func:
	retl
	.size	tp_stub_func, . - tp_stub_func
