# A module whose init allocates: an injected failure on its call path fails the
# load with the module's own -ENOMEM (module_init makes the init an alias named
# init_module, which is the symbol the call path shows); the next load works.
tracepoint ctl 2
module m source init_alloc.c
fail-alloc path=init_module
load m
expect dmesg alloc-failed init-failed
load m
expect array m.probe
fire ctl 1 2
expect calls m.probe
expect verdict balanced
unload m
expect array
fire ctl 3 4
expect calls
expect verdict balanced
