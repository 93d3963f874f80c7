# A faulting init fails the load (the module is freed); a double kfree in exit
# is an oops, reported as a trap of kind kernel-bug, and the module is gone.
tracepoint ctl 2
module m source broken_module.c
fail-alloc path=init_module
load m
expect dmesg alloc-failed init-failed
expect array
load m
expect array m.probe
unload m
expect dmesg bad-free oops
expect array
fire ctl 1 2
expect calls
expect verdict balanced
