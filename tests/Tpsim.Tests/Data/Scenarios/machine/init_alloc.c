/* init allocates; `fail-alloc path=init_module` fails exactly this caller's kmalloc (module_init aliases it). */
DECLARE_TRACEPOINT(ctl, 2);

static void *buffer;

static void probe(void *data, long a1, long a2)
{
}

static int alloc_init(void)
{
	buffer = kmalloc(128, GFP_KERNEL);
	if (!buffer)
		return -12;	/* -ENOMEM */
	return register_trace_ctl(probe, buffer);
}

static void alloc_exit(void)
{
	unregister_trace_ctl(probe, buffer);
	tracepoint_synchronize_unregister();
	kfree(buffer);
}

module_init(alloc_init);
module_exit(alloc_exit);

MODULE_LICENSE("GPL");
