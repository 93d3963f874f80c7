/* One of each kind of section, a static function and static data, and guest code that tests the
   page protections the loader set: writing text or rodata, or executing data, must fault. */
static int counter;                     /* .bss */
int initialized = 7;                    /* .data */
const int table[4] = { 1, 2, 3, 4 };    /* .rodata */
char big_bss[8192];                     /* .bss, more than a page */

__attribute__((noinline, used)) static int local_helper(int x) { return x + counter + big_bss[4096]; }

int get_value(void) { return local_helper(initialized) + table[2]; }

void set_counter(int v) { counter = v; big_bss[4096] = (char)v; }

void poke_text(void) { *(volatile unsigned char *)(void *)&get_value = 0; }

void poke_rodata(void) { *(volatile int *)&table[0] = 9; }

void jump_data(void) { ((void (*)(void))(void *)&initialized)(); }
