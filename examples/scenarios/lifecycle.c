/*
 * A probe module the way drivers write one: attach in init, detach in exit and
 * wait for readers before the text goes away. tpsim prepends its module header
 * (DECLARE_TRACEPOINT, register_trace_*, module_init, ...), so there is no
 * #include.
 */
DECLARE_TRACEPOINT(sched_wakeup, 2);

static long wakeups;

static void probe_wakeup(void *data, long pid, long cpu)
{
	wakeups += pid + cpu;
}

static int __init lifecycle_init(void)
{
	return register_trace_sched_wakeup(probe_wakeup, NULL);
}

static void __exit lifecycle_exit(void)
{
	unregister_trace_sched_wakeup(probe_wakeup, NULL);
	tracepoint_synchronize_unregister();
}

module_init(lifecycle_init);
module_exit(lifecycle_exit);
MODULE_LICENSE("GPL");
