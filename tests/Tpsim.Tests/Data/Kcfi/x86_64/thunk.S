/* The retpoline thunk a call site built with -mretpoline-external-thunk calls, reduced to its effect. */
	.text
	.globl	__x86_indirect_thunk_r11
	.type	__x86_indirect_thunk_r11, @function
__x86_indirect_thunk_r11:
	jmp	*%r11
	.size	__x86_indirect_thunk_r11, . - __x86_indirect_thunk_r11
