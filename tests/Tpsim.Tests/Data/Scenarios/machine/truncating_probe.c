/*
 * A probe that cuts the funcs array short while the iterator walks it: the
 * entry after it is never called. The negative control of the call count.
 */
DECLARE_TRACEPOINT(ctl, 2);

void truncating_probe(void *data, long a1, long a2)
{
	struct tracepoint_func *it = READ_ONCE(__tracepoint_ctl.funcs);

	it[1].func = NULL;
}
