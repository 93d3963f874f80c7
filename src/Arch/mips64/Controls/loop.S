/*
 * what: spins forever at its own entry; tpsim must stop on the instruction budget
 * expect: timeout
 * args: 8
 */
	.set	noreorder
	.text
	.globl	tp_stub_func
	.type	tp_stub_func, @function
tp_stub_func:
0:	b	0b
	nop
	.size	tp_stub_func, . - tp_stub_func
