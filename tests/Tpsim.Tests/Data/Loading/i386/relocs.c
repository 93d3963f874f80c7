/* Kernel-style C: what clang -O2 -mregparm=3 -fno-pic emits for globals, calls, pointer tables and a
   jump table (whose .rodata entries are R_386_32 against .text, each addend the case's offset in .text). */
extern long helper_value[8];
extern int helper_fn(void);

long *c_address(void) { return &helper_value[2]; }

long c_load(void) { return helper_value[4]; }

int c_call(void) { return helper_fn() + 1; }

long *const c_table[] = { &helper_value[6] };

long *c_table_entry(void) { return c_table[0]; }

volatile int c_selector = 3;

int c_jump(void)
{
	switch (c_selector) {
	case 0: return helper_fn() + 10;
	case 1: return helper_fn() * 3;
	case 2: return helper_fn() - 5;
	case 3: return helper_fn() ^ 0x55;
	case 4: return helper_fn() << 2;
	case 5: return helper_fn() | 0x100;
	default: return 0;
	}
}
