/*
 * The tracepoint and real probes with its full prototype. Each probe appends
 * what it received to tp_log, which the checker reads after every call.
 */
/* Room for generated prototypes of up to 16 arguments, not only the matrix's 12. */
#define TP_LOG_ARGS 16

struct tp_record {
	long probe;			/* argument count of the probe that ran */
	void *data;
	long args[TP_LOG_ARGS];
};

#define TP_LOG_SIZE 64

struct tracepoint __tracepoint_tpsim = { "tpsim", 0, 0 };
struct tp_record tp_log[TP_LOG_SIZE];
long tp_log_len;

/* volatile stores: the compiler may not merge them into a memcpy call, which no kernel object may need. */
static inline void tp_record(long n, void *data, const long *args)
{
	long i = tp_log_len;
	volatile long *dst;
	long k;

	tp_log_len = i + 1;
	if (i >= TP_LOG_SIZE)
		return;
	tp_log[i].probe = n;
	tp_log[i].data = data;
	dst = tp_log[i].args;
	for (k = 0; k < n; k++)
		dst[k] = args[k];
}

#define DEFINE_PROBE(N)							\
void tp_probe_##N(void *data P##N)					\
{									\
	const long args[] = { 0 A##N };					\
	tp_record(N, data, args + 1);					\
}

FOR_EACH_ARG_COUNT(DEFINE_PROBE)
