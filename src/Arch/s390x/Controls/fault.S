/*
 * what: reads unmapped address 0x3000 (above the 8 KiB lowcore a real s390x kernel keeps at 0)
 * expect: fault
 * args: 8
 */
	.text
	.globl	tp_stub_func
	.type	tp_stub_func, @function
tp_stub_func:
	lg	%r2, 12288
	br	%r14
	.size	tp_stub_func, . - tp_stub_func
