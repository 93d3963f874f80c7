/*
 * what: spins forever at its own entry; tpsim must stop on the instruction budget
 * expect: timeout
 * args: 8
 */
	.syntax	unified
	.arm
	.text
	.globl	tp_stub_func
	.type	tp_stub_func, %function
tp_stub_func:
1:	b	1b
	.size	tp_stub_func, . - tp_stub_func
