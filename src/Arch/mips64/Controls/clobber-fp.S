/*
 * what: clobbers callee-saved f24 (n64 preserves f24-f31)
 * expect: unbalanced callee-saved
 * args: 8
 */
	.set	noreorder
	.text
	.globl	tp_stub_func
	.type	tp_stub_func, @function
tp_stub_func:
	.set	hardfloat		/* the kernel is -msoft-float; the register is the ABI's all the same */
	dmtc1	$zero, $f24
	jr	$ra
	nop
	.size	tp_stub_func, . - tp_stub_func
