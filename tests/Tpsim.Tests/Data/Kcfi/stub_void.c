/* The legacy stub: its type, void (void), is not the type the call site checks for. */
void tp_stub_func(void)
{
}
