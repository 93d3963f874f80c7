/* The tail of a kCFI check (beq t1, t2 over an ebreak) without the lw and lui/addiw: not a kCFI trap. */
	.text
	.globl	tp_stub_func
	.type	tp_stub_func, @function
tp_stub_func:
	li	t1, 1
	li	t2, 2
	beq	t1, t2, 1f
	ebreak
1:	ret
	.size	tp_stub_func, . - tp_stub_func
