/*
 * what: overwrites its five incoming stack-argument slots at 0($sp), which the callee owns: balanced with a site that re-stores them before each call, unbalanced (argument) with one that does not
 * expect: balanced
 * args: 12
 */
	.set	noreorder
	.text
	.globl	tp_stub_func
	.type	tp_stub_func, @function
tp_stub_func:
	li	$12, 0xbad
	sd	$12, 0($sp)
	sd	$12, 8($sp)
	sd	$12, 16($sp)
	sd	$12, 24($sp)
	jr	$ra
	sd	$12, 32($sp)
	.size	tp_stub_func, . - tp_stub_func
