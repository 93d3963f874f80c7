// A GOT-relative address: a PIC relocation the kernel's i386 module loader does not handle.
    .text
    .globl load_via_gotoff
load_via_gotoff:
    leal helper_value@GOTOFF(%ebx), %eax
    ret
