# A real module's own init and exit register and unregister its probe through
# the kernel API (emulated calls into the simulated kernel). The removal in the
# module's exit path fails to allocate; then the tracepoint fires again.
tracepoint sched_wakeup 2
module rec probes other
module lifecycle source lifecycle.c
load rec
register sched_wakeup rec.other data=0x1
load lifecycle
expect array rec.other lifecycle.probe_wakeup
fire sched_wakeup 5 1
expect calls rec.other lifecycle.probe_wakeup
expect verdict balanced

fail-alloc path=func_remove
unload lifecycle
expect array rec.other lifecycle.probe_wakeup   when fail
expect array rec.other stub                     when stub typed-stub
expect array rec.other skip                     when skip skip-fixed
expect array rec.other                          when nofail sentinel double-array
fire sched_wakeup 6 2
expect verdict fault                            when fail
expect verdict balanced                         when nofail sentinel stub double-array typed-stub skip-fixed
expect calls rec.other                          when nofail sentinel stub double-array typed-stub skip skip-fixed
# skip as posted: after rec.other the iterator reads the skip entry forever.
expect verdict timeout                          when skip
