/* void tp_stub_func(void) { return; } written by hand for arm64. */
	.text
	.globl	tp_stub_func
	.type	tp_stub_func, %function
tp_stub_func:
	hint	#34			// bti c: the landing pad for the site's blr (a NOP without FEAT_BTI)
	ret
	.size	tp_stub_func, . - tp_stub_func
