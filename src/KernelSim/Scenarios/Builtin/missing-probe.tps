# Unregistering what was never registered: -ENOENT, with a one-time WARNING, only when the
# tracepoint has no array at all. Otherwise func_remove copies the array without the pair and
# returns 0, whether the array holds other probes or the same function with other data.
tracepoint block_rq 1
module m probes a b
load m
unregister block_rq m.a
expect return -ENOENT
expect dmesg warning
expect array
register block_rq m.a data=0x10
unregister block_rq m.b
expect return 0
unregister block_rq m.a data=0x11
expect return 0
expect array m.a
unregister block_rq m.a data=0x10
expect return 0
expect array
fire block_rq 3
expect calls
expect verdict balanced
