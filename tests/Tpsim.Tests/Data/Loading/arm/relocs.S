// One function or data slot per relocation type in ARM state; each returns (or holds) a value that
// depends on the relocated field. SHT_REL: every addend lives in the field itself.
    .syntax unified
    .arm
    .text

    .globl r_call
    .type r_call, %function
r_call:                                 // R_ARM_CALL, ARM to ARM: bl stays bl
    push {r4, lr}
    bl helper_fn
    pop {r4, pc}

    .globl r_call_thumb
    .type r_call_thumb, %function
r_call_thumb:                           // R_ARM_CALL to a Thumb function: bl becomes blx
    push {r4, lr}
    bl helper_thumb
    pop {r4, pc}

    .globl r_blx_arm
    .type r_blx_arm, %function
r_blx_arm:                              // R_ARM_CALL on a blx to an ARM function: blx becomes bl
    push {r4, lr}
    blx helper_fn
    pop {r4, pc}

    .globl r_jump24
    .type r_jump24, %function
r_jump24:                               // R_ARM_JUMP24: a tail call
    b helper_fn

    .globl r_jump24_cond
    .type r_jump24_cond, %function
r_jump24_cond:                          // R_ARM_JUMP24 on a conditional branch, which keeps its condition
    cmp r0, r0
    beq helper_fn
    mov r0, #1
    bx lr

    .globl r_pc24
    .type r_pc24, %function
r_pc24:                                 // R_ARM_PC24 (the pre-EABI branch type) on b .: the addend is -8
    .reloc ., R_ARM_PC24, helper_fn
    b .

    .globl r_movw
    .type r_movw, %function
r_movw:                                 // R_ARM_MOVW_ABS_NC + R_ARM_MOVT_ABS, addend 8 in both immediates
    movw r0, #:lower16:helper_value + 8
    movt r0, #:upper16:helper_value + 8
    bx lr

    .globl r_movw_prel
    .type r_movw_prel, %function
r_movw_prel:                            // R_ARM_MOVW_PREL_NC + R_ARM_MOVT_PREL, the kernel's mov_l/adr_l shape
    movw r0, #:lower16:helper_value + 16 - (1f + 8)
    movt r0, #:upper16:helper_value + 16 - (1f + 8)
1:  add r0, r0, pc
    bx lr

    .globl r_literal
    .type r_literal, %function
r_literal:                              // R_ARM_ABS32 in a literal pool in .text
    ldr r0, =helper_value + 24
    bx lr
    .ltorg

    .globl r_v4bx
    .type r_v4bx, %function
r_v4bx:                                 // R_ARM_V4BX: bx r1 becomes mov pc, r1, as for ARMv4
    mov r0, #7
    mov r1, lr
    .reloc ., R_ARM_V4BX
    bx r1

    .data
    .balign 4
    .globl d_abs32
d_abs32:
    .long helper_value + 8              // R_ARM_ABS32
    .globl d_abs32_neg
d_abs32_neg:
    .long helper_value - 16             // R_ARM_ABS32, negative addend
    .globl d_abs32_thumb
d_abs32_thumb:
    .long helper_thumb                  // R_ARM_ABS32 to a Thumb function: the pointer keeps bit 0
    .globl d_rel32
d_rel32:
    .long helper_value - .              // R_ARM_REL32
    .globl d_target1
d_target1:
    .reloc ., R_ARM_TARGET1, helper_value
    .long 24                            // R_ARM_TARGET1: ABS32 on Linux
    .globl d_prel31
d_prel31:
    .reloc ., R_ARM_PREL31, helper_value
    .long 0x80000010                    // R_ARM_PREL31: 31 bits of S + 16 - P, bit 31 kept
