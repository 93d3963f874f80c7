/* What the compilers emit for the kernel's own code: addresses, loads, a long call, a pointer in data. */
extern long helper_value[4];
extern long helper_fn(void);

long *c_address(void) { return &helper_value[1]; }
long c_load(void) { return helper_value[2]; }
long c_call(void) { return helper_fn() + 1; }
long *c_table[] = { &helper_value[3] };
