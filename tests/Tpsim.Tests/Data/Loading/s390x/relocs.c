/* Kernel-style C: what clang -O2 -march=z10 -fno-pic emits for globals, calls and pointer tables (PC32DBL, PLT32DBL, 64). */
extern long helper_value[4];
extern int helper_fn(void);

long *c_address(void) { return &helper_value[1]; }

long c_load(void) { return helper_value[2]; }

void c_store(long v) { helper_value[3] = v; }

int c_call(void) { return helper_fn() + 1; }

int c_tail(void) { return helper_fn(); }

long *const c_table[] = { &helper_value[3] };

long *c_table_entry(void) { return c_table[0]; }
