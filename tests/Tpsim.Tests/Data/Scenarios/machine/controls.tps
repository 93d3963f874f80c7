# Each fire must come out as the verdict named: the scenario's own negative controls.
tracepoint ctl 2
module good probes watch
module bad source bad_probes.c
load good
load bad
register ctl good.watch data=0x1
register ctl bad.clobber_probe
fire ctl 1 2
expect calls good.watch bad.clobber_probe
expect verdict unbalanced
unregister ctl bad.clobber_probe

register ctl bad.fault_probe
fire ctl 3 4
expect verdict fault
unregister ctl bad.fault_probe

register ctl bad.loop_probe
fire ctl 5 6
expect verdict timeout
unregister ctl bad.loop_probe

register ctl bad.sleepy_probe
fire ctl 7 8
expect verdict balanced
expect dmesg might-sleep
unregister ctl bad.sleepy_probe

register ctl bad.alloc_probe
fire ctl 9 10
expect dmesg might-sleep
unregister ctl bad.alloc_probe

# After all of that the kernel still works.
fire ctl 11 12
expect calls good.watch
expect verdict balanced
expect dmesg
