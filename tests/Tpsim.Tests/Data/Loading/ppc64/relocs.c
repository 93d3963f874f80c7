/* What clang-19 and GCC 12 emit for ELFv1 -mcmodel=medium kernel code: TOC-relative loads, descriptors, calls. */
extern long helper_value;
extern long helper_leaf(void);
extern long helper_fn(void);

static long local_data[4] = { 1, 2, 3, 0x0123456789abcdef };

__attribute__((noinline)) static long twice(long x)
{
	return 2 * x + local_data[1];
}

/* extern data: a .toc entry (R_PPC64_ADDR64) reached by R_PPC64_TOC16_HA and R_PPC64_TOC16_LO_DS */
long c_load(void)
{
	return helper_value;
}

/* the object's own data: TOC-relative without a .toc entry */
long c_local(void)
{
	return *(volatile long *)&local_data[3];
}

/* a static function: R_PPC64_REL24 against .opd + offset, resolved through the descriptor */
long c_call_static(long x)
{
	return twice(x) + 1;
}

/* another object's TOC-free function: R_PPC64_REL24 to its entry */
long c_call_leaf(void)
{
	return helper_leaf() + 1;
}

/* another object's function through its descriptor: r2 switches to its TOC and back */
long (*volatile c_ptr)(void) = helper_fn;

long c_indirect(void)
{
	return c_ptr() + 1;
}

long *c_table[2] = { &helper_value, &local_data[2] };
