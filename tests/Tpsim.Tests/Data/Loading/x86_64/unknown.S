// A GOT-relative load: a PIC relocation the kernel's x86_64 module loader does not handle.
    .text
    .globl load_via_got
load_via_got:
    movq helper_value@GOTPCREL(%rip), %rax
    ret
