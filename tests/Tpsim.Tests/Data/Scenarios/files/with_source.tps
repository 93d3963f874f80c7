# a source module found relative to this file, not to the working directory
tracepoint demo 1
module user source ../probe_mod.c
load user
register demo user.my_probe prio=-1
expect return 0
fire demo -1
expect calls user.my_probe
expect verdict balanced
unload user
expect dmesg
