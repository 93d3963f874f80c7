/*
 * Call sites for the kCFI tests, compiled with -fsanitize=kcfi (and once without, for the plain-trap
 * controls). tp_kcfi_call calls through the tracepoint iterator's pointer type; tp_kcfi_call_void
 * calls through void (*)(void), so its check shows the hash of tp_stub_func's type.
 */
typedef void (*tp_func_t)(void *data, long a, long b);
typedef void (*tp_void_t)(void);

long tp_kcfi_call(tp_func_t func, void *data)
{
	func(data, 11, 22);
	return 0x5a;
}

long tp_kcfi_call_void(tp_void_t func)
{
	func();
	return 0x5b;
}
