/*
 * what: overwrites its own five incoming stack-argument slots, which the callee owns: balanced with a site that re-stores them before each call, unbalanced (argument) with one that does not
 * expect: balanced
 * args: 12
 */
	.text
	.globl	tp_stub_func
	.type	tp_stub_func, @function
tp_stub_func:
	li	t0, 0xbad
	sd	t0, 0(sp)
	sd	t0, 8(sp)
	sd	t0, 16(sp)
	sd	t0, 24(sp)
	sd	t0, 32(sp)
	ret
	.size	tp_stub_func, . - tp_stub_func
