/*
 * The kernel's iterator, __traceiter_<name> from include/linux/tracepoint.h,
 * once per argument count 0..12 in one translation unit: each entry's func is
 * called through a pointer of the tracepoint's full prototype, whatever the
 * function really is. That cast is the whole question.
 */
extern struct tracepoint __tracepoint_tpsim;

#define DEFINE_TRACEITER(N)						\
int __traceiter_tpsim_##N(void *__data P##N)				\
{									\
	struct tracepoint_func *it_func_ptr;				\
	void *it_func;							\
									\
	it_func_ptr = READ_ONCE(__tracepoint_tpsim.funcs);		\
	if (it_func_ptr) {						\
		do {							\
			it_func = READ_ONCE(it_func_ptr->func);		\
			__data = it_func_ptr->data;			\
			((void (*)(void * P##N))(it_func))(__data A##N);\
		} while ((++it_func_ptr)->func);			\
	}								\
	return 0;							\
}

FOR_EACH_ARG_COUNT(DEFINE_TRACEITER)
