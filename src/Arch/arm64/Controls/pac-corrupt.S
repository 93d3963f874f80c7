/*
 * what: signs x30 (paciasp), flips PAC bit 53 of it, authenticates (autiasp) and returns; where paciasp/autiasp are NOPs the ret fetches from the flipped address
 * expect: fault
 * args: 8
 *
 * The expect: line holds for every build. On the default CPU (a Cortex-A72, ARMv8.0) both hints are NOPs: x30 keeps the
 * flipped bit and the ret fetches from an unmapped address, return address | 1 << 53. Under the pac-bti build
 * the engine authenticates for real (see src/Arch/arm64/PointerAuth.cs): autiasp fails and, without
 * FEAT_FPAC, poisons x30 instead of trapping (return address | 1 << 61, key A's error code in bits 62:61);
 * the ret then raises a prefetch abort at that address, which tpsim reports as a fetch fault there. The
 * two addresses differing is the proof that PAC is real (tests/Tpsim.Tests/Builds/PointerAuthTests.cs).
 * Written as hint #25/#29 so any assembler accepts it without -march=armv8.3-a.
 */
	.text
	.globl	tp_stub_func
	.type	tp_stub_func, %function
tp_stub_func:
	hint	#34			// bti c: the landing pad for the site's blr (a NOP without FEAT_BTI)
	hint	#25			// paciasp: x30 = PAC(x30, sp, APIAKey)
	eor	x30, x30, #(1 << 53)	// corrupt one PAC bit of the signed return address
	hint	#29			// autiasp: fails, unless PAC is a NOP
	ret
	.size	tp_stub_func, . - tp_stub_func
