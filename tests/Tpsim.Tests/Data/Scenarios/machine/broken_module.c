/*
 * A module with bugs in its own lifecycle: init does not check kzalloc's
 * result (so an injected failure makes it write through NULL), and exit frees
 * its buffer twice.
 */
DECLARE_TRACEPOINT(ctl, 2);

static void *buffer;

static void probe(void *data, long a1, long a2)
{
}

static int broken_init(void)
{
	buffer = kzalloc(32, GFP_KERNEL);
	*(volatile long *)buffer = 1;		/* no NULL check */
	return register_trace_ctl(probe, NULL);
}

static void broken_exit(void)
{
	unregister_trace_ctl(probe, NULL);
	kfree(buffer);
	kfree(buffer);
}

module_init(broken_init);
module_exit(broken_exit);

MODULE_LICENSE("GPL");
