/*
 * What a probe module may use: the slice of <linux/module.h>, <linux/slab.h>,
 * <linux/rcupdate.h> and <linux/tracepoint.h> that tpsim provides. Prepended to
 * every module source after tracepoint.h; there is no #include to write.
 * The functions below are implemented by the simulated kernel in C# and reached
 * through the ISA's call bridge.
 */
#define NULL ((void *)0)
typedef unsigned long size_t;
typedef unsigned int gfp_t;

#define GFP_KERNEL	0u		/* may sleep */
#define GFP_ATOMIC	1u
#define __GFP_NOFAIL	2u
#define TRACEPOINT_DEFAULT_PRIO 10

int tracepoint_probe_register(struct tracepoint *tp, void *probe, void *data);
int tracepoint_probe_register_prio(struct tracepoint *tp, void *probe, void *data, int prio);
int tracepoint_probe_unregister(struct tracepoint *tp, void *probe, void *data);
void tracepoint_synchronize_unregister(void);
void synchronize_rcu(void);
void *kmalloc(size_t size, gfp_t flags);
void *kzalloc(size_t size, gfp_t flags);
void kfree(const void *ptr);
void rcu_read_lock(void);
void rcu_read_unlock(void);
void preempt_disable(void);
void preempt_enable(void);

/*
 * DECLARE_TRACEPOINT(name, N): the tracepoint exists in the kernel (a scenario's
 * `tracepoint NAME N`) and takes N long arguments; gives register_trace_<name>,
 * register_trace_prio_<name> and unregister_trace_<name> with the probe's real
 * prototype, as DECLARE_TRACE does.
 */
#define DECLARE_TRACEPOINT(name, N)						\
extern struct tracepoint __tracepoint_##name;					\
static inline int register_trace_##name(void (*probe)(void *__data P##N), void *data) \
{										\
	return tracepoint_probe_register(&__tracepoint_##name, (void *)probe, data); \
}										\
static inline int register_trace_prio_##name(void (*probe)(void *__data P##N), void *data, int prio) \
{										\
	return tracepoint_probe_register_prio(&__tracepoint_##name, (void *)probe, data, prio); \
}										\
static inline int unregister_trace_##name(void (*probe)(void *__data P##N), void *data) \
{										\
	return tracepoint_probe_unregister(&__tracepoint_##name, (void *)probe, data); \
}

/* As <linux/module.h> does it: init_module/cleanup_module are aliases the loader finds. */
#define module_init(fn) int init_module(void) __attribute__((alias(#fn)));
#define module_exit(fn) void cleanup_module(void) __attribute__((alias(#fn)));
#define MODULE_LICENSE(x)
#define __init
#define __exit

/* The recording probes' log (kernel core); tpsim reads it after every call. */
struct tp_record {
	long probe;			/* tpsim's id of the probe that ran */
	long nargs;
	void *data;
	long args[TP_MAX_ARGS];
};
#define TP_LOG_SIZE 256
extern struct tp_record tp_log[TP_LOG_SIZE];
extern long tp_log_len;

/* volatile stores: the compiler may not turn the copy into a memcpy call. */
static inline void tp_record(long probe, long n, void *data, const long *args)
{
	long i = tp_log_len;
	volatile long *dst;
	long k;

	tp_log_len = i + 1;
	if (i >= TP_LOG_SIZE)
		return;
	tp_log[i].probe = probe;
	tp_log[i].nargs = n;
	tp_log[i].data = data;
	dst = tp_log[i].args;
	for (k = 0; k < n; k++)
		dst[k] = args[k];
}
