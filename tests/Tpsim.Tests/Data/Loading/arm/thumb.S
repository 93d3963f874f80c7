// The Thumb-2 relocation types, one function each; every function is a Thumb function (bit 0 set).
    .syntax unified
    .thumb
    .text

    .globl t_call
    .type t_call, %function
    .thumb_func
t_call:                                 // R_ARM_THM_CALL, Thumb to Thumb: bl stays bl
    push {r4, lr}
    bl helper_thumb
    pop {r4, pc}

    .globl t_call_arm
    .type t_call_arm, %function
    .thumb_func
t_call_arm:                             // R_ARM_THM_CALL to an ARM function: bl becomes blx
    push {r4, lr}
    bl helper_fn
    pop {r4, pc}

    .globl t_blx_thumb
    .type t_blx_thumb, %function
    .thumb_func
t_blx_thumb:                            // R_ARM_THM_CALL on a blx to a Thumb function: blx becomes bl
    push {r4, lr}
    blx helper_thumb
    pop {r4, pc}

    .globl t_jump24
    .type t_jump24, %function
    .thumb_func
t_jump24:                               // R_ARM_THM_JUMP24: a tail call
    b.w helper_thumb

    .globl t_movw
    .type t_movw, %function
    .thumb_func
t_movw:                                 // R_ARM_THM_MOVW_ABS_NC + R_ARM_THM_MOVT_ABS, addend 8
    movw r0, #:lower16:helper_value + 8
    movt r0, #:upper16:helper_value + 8
    bx lr

    .globl t_movw_prel
    .type t_movw_prel, %function
    .thumb_func
t_movw_prel:                            // R_ARM_THM_MOVW_PREL_NC + R_ARM_THM_MOVT_PREL (pc reads . + 4 in Thumb)
    movw r0, #:lower16:helper_value + 16 - (1f + 4)
    movt r0, #:upper16:helper_value + 16 - (1f + 4)
1:  add r0, pc
    bx lr
