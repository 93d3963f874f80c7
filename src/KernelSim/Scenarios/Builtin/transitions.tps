# The static-call transitions of 6.12's tracepoint.c, without any allocation failure: 1 -> 2 -> 1 -> 0 -> 1.
# Going from two probes to one, when the first entry's data changes, tracepoint_remove_func waits for a grace
# period (tp_rcu_get_state, then tp_rcu_cond_sync: cond_synchronize_rcu) before pointing the static call at the
# remaining probe, so that no reader calls it with the old data: a removal that may sleep, for every strategy
# built on 6.12. On x86_64 the fires go through the real static call trampoline: the probe itself with one
# entry, the iterator with two.
tracepoint sched_wakeup 2
module m probes first second
load m
register sched_wakeup m.first data=0x1
fire sched_wakeup 1 2
expect calls m.first
register sched_wakeup m.second data=0x2
fire sched_wakeup 3 4
expect calls m.first m.second
expect verdict balanced
unregister sched_wakeup m.first data=0x1
expect return 0
expect array m.second
fire sched_wakeup 5 6
expect calls m.second
expect verdict balanced
unregister sched_wakeup m.second data=0x2
expect return 0
expect array
fire sched_wakeup 7 8
expect calls
register sched_wakeup m.first data=0x1
expect return 0
fire sched_wakeup 9 10
expect calls m.first
expect verdict balanced
