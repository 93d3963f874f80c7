/*
 * what: starts without a landing pad (no bti c): balanced where BTI is a NOP, a bti trap at its first instruction under pac-bti
 * expect: balanced
 * args: 8
 *
 * The expect: line holds for the default build. Under pac-bti the engine enforces BTI for real (the MMU on over
 * a guarded identity map, see src/Arch/arm64/PointerAuth.cs): the site's blr to this stub raises a Branch Target
 * exception at its first instruction, which tpsim reports as a trap of kind "bti" (src/KernelSim/Proof/StubMatrix.cs
 * expects it; tests/Tpsim.Tests/Builds/BtiTests.cs).
 */
	.text
	.globl	tp_stub_func
	.type	tp_stub_func, %function
tp_stub_func:
	mov	x9, x9			// not a landing pad
	ret
	.size	tp_stub_func, . - tp_stub_func
