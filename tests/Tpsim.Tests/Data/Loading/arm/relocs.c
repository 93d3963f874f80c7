/* Kernel-style C: what clang -O2 -marm -fno-pic emits for globals (MOVW/MOVT), calls, tail calls,
   pointer tables, and the EXIDX_CANTUNWIND entries (R_ARM_PREL31) it writes even without unwind tables. */
extern long helper_value[8];
extern int helper_fn(void);

long *c_address(void) { return &helper_value[2]; }

long c_load(void) { return helper_value[4]; }

int c_call(void) { return helper_fn() + 1; }

int c_tail(void) { return helper_fn(); }

long *const c_table[] = { &helper_value[6] };
