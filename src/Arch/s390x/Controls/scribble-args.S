/*
 * what: overwrites its first five incoming stack-argument slots at 160(%r15), which the callee owns: balanced with a site that re-stores them before each call, unbalanced (argument) with one that does not
 * expect: balanced
 * args: 12
 */
	.text
	.globl	tp_stub_func
	.type	tp_stub_func, @function
tp_stub_func:
	lghi	%r0, 0xbad
	stg	%r0, 160(%r15)
	stg	%r0, 168(%r15)
	stg	%r0, 176(%r15)
	stg	%r0, 184(%r15)
	stg	%r0, 192(%r15)
	br	%r14
	.size	tp_stub_func, . - tp_stub_func
