/*
 * what: returns 2 bytes (one compressed instruction) past its return address; +2 lands on an instruction boundary in both sites, see README on mid-instruction returns
 * expect: unbalanced return-address
 * args: 8
 */
	.text
	.globl	tp_stub_func
	.type	tp_stub_func, @function
tp_stub_func:
	addi	ra, ra, 2
	ret
	.size	tp_stub_func, . - tp_stub_func
