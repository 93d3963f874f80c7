/* Built with -fPIC, as the kernel builds modules: the address of an extern comes from the GOT (R_390_GOTENT), which -fno-pic objects never need; the loader makes the GOT. */
extern long helper_value[4];
long *got_address(void) { return &helper_value[1]; }
