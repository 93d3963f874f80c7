# Unregistering what was never registered is -ENOENT, whether the array is NULL,
# holds other probes, or holds the same function with other data.
tracepoint block_rq 1
module m probes a b
load m
unregister block_rq m.a
expect return -ENOENT
expect array
register block_rq m.a data=0x10
unregister block_rq m.b
expect return -ENOENT
unregister block_rq m.a data=0x11
expect return -ENOENT
expect array m.a
unregister block_rq m.a data=0x10
expect return 0
expect array
fire block_rq 3
expect calls
expect verdict balanced
