/*
 * what: reads unmapped address 0x10
 * expect: fault
 * args: 8
 */
	.syntax	unified
	.arm
	.text
	.globl	tp_stub_func
	.type	tp_stub_func, %function
tp_stub_func:
	mov	r0, #0x10
	ldr	r0, [r0]
	bx	lr
	.size	tp_stub_func, . - tp_stub_func
