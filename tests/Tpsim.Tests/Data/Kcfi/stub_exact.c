/* The negative control: exactly the call site's prototype, so its kCFI check passes. */
void tp_stub_exact(void *data, long a, long b)
{
	*(volatile long *)data = a + b;
}
