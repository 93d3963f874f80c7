/* The stub exactly as kernel/tracepoint.c defines it since Linux 5.12 (made global so tpsim can find it). */
void tp_stub_func(void)
{
	return;
}
