// A GOT-relative ADRP: a PIC relocation the kernel's arm64 module loader does not handle.
    .text
    .globl load_via_got
load_via_got:
    adrp x0, :got:helper_value
    ldr x0, [x0, :got_lo12:helper_value]
    ret
