# func_add inserts before the first entry of LOWER prio: higher prio runs first,
# equal prios keep registration order (TRACEPOINT_DEFAULT_PRIO is 10), and a
# duplicate (func, data) is refused with -EEXIST.
tracepoint irq_handler_entry 2
module m probes low mid high first second
load m
register irq_handler_entry m.low prio=1
register irq_handler_entry m.high prio=100
register irq_handler_entry m.first
register irq_handler_entry m.second
register irq_handler_entry m.mid prio=50
expect return 0
expect array m.high m.mid m.first m.second m.low
fire irq_handler_entry 42 -1
expect calls m.high m.mid m.first m.second m.low
expect verdict balanced

register irq_handler_entry m.mid prio=50
expect return -EEXIST
# Same function, other data: a different registration.
register irq_handler_entry m.mid prio=50 data=0x2
expect return 0
expect array m.high m.mid m.mid m.first m.second m.low
