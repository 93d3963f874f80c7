/* The same C in Thumb-2 (the kernel's CONFIG_THUMB2_KERNEL code), function by function: THM_MOVW/MOVT for
   globals, THM_CALL to a Thumb function and, turned into BLX, to an ARM one, THM_JUMP24 for a tail call. */
#define THUMB __attribute__((target("thumb")))

extern long helper_value[8];
extern int helper_fn(void);
extern int helper_thumb(void);

THUMB long *t_c_address(void) { return &helper_value[2]; }

THUMB int t_c_call(void) { return helper_thumb() + 1; }

THUMB int t_c_call_arm(void) { return helper_fn() + 2; }

THUMB int t_c_tail(void) { return helper_thumb(); }
