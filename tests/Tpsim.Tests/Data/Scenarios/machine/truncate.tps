# The iterator returns normally but skips an entry: that call went unchecked, so the fire is unbalanced.
tracepoint ctl 2
module cut source truncating_probe.c
module good probes watch
load cut
load good
register ctl cut.truncating_probe
register ctl good.watch data=0x1
fire ctl 1 2
expect calls cut.truncating_probe
expect verdict unbalanced
