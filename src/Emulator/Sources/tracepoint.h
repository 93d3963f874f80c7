/*
 * The slice of include/linux/tracepoint-defs.h and tracepoint.h that a call
 * site and its probes share. Prepended to every C source tpsim compiles.
 */
#define TP_MAX_ARGS 12
#define READ_ONCE(x) (*(const volatile __typeof__(x) *)&(x))

struct tracepoint_func {
	void *func;
	void *data;
	int prio;
};

struct tracepoint {
	const char *name;
	long key;			/* static_key stand-in: non-zero when enabled */
	struct tracepoint_func *funcs;	/* offset 16: hand-written sites load it */
	void *iterator;			/* __traceiter_<name> */
	void *stub;		/* __tracestub_<name>: a stub with the right prototype */
	long nargs;
};

/* P<n>: the prototype's argument list after data; A<n>: the matching call arguments. */
#define P0
#define P1 P0, long a1
#define P2 P1, long a2
#define P3 P2, long a3
#define P4 P3, long a4
#define P5 P4, long a5
#define P6 P5, long a6
#define P7 P6, long a7
#define P8 P7, long a8
#define P9 P8, long a9
#define P10 P9, long a10
#define P11 P10, long a11
#define P12 P11, long a12
#define A0
#define A1 A0, a1
#define A2 A1, a2
#define A3 A2, a3
#define A4 A3, a4
#define A5 A4, a5
#define A6 A5, a6
#define A7 A6, a7
#define A8 A7, a8
#define A9 A8, a9
#define A10 A9, a10
#define A11 A10, a11
#define A12 A11, a12
#define FOR_EACH_ARG_COUNT(X) X(0) X(1) X(2) X(3) X(4) X(5) X(6) X(7) X(8) X(9) X(10) X(11) X(12)
