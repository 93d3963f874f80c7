/* void tp_stub_func(void) { return; } written by hand for 32-bit Arm (ARM state). */
	.syntax	unified
	.arm
	.text
	.globl	tp_stub_func
	.type	tp_stub_func, %function
tp_stub_func:
	bx	lr
	.size	tp_stub_func, . - tp_stub_func
