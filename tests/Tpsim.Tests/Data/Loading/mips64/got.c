/* Built with -mabicalls -fPIC: position-independent code loads addresses from the GOT, which a module lacks. */
extern long helper_value[4];
long got_load(void) { return helper_value[1]; }
