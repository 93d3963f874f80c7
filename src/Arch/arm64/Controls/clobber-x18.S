/*
 * what: clobbers x18, the platform register the kernel reserves (-ffixed-x18; the shadow call stack pointer under scs)
 * expect: unbalanced callee-saved
 * args: 8
 */
	.text
	.globl	tp_stub_func
	.type	tp_stub_func, %function
tp_stub_func:
	hint	#34			// bti c: the landing pad for the site's blr (a NOP without FEAT_BTI)
	mov	x18, #0xdead
	ret
	.size	tp_stub_func, . - tp_stub_func
