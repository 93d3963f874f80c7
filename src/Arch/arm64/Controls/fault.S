/*
 * what: reads unmapped address 0x10
 * expect: fault
 * args: 8
 */
	.text
	.globl	tp_stub_func
	.type	tp_stub_func, %function
tp_stub_func:
	hint	#34			// bti c: the landing pad for the site's blr (a NOP without FEAT_BTI)
	mov	x9, #0x10
	ldr	x9, [x9]
	ret
	.size	tp_stub_func, . - tp_stub_func
