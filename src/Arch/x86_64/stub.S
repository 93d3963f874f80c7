/* void tp_stub_func(void) { return; } written by hand for x86_64. */
	.text
	.globl	tp_stub_func
	.type	tp_stub_func, @function
tp_stub_func:
	retq
	.size	tp_stub_func, . - tp_stub_func
